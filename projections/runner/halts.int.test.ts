// A read model never skips a message it cannot place: it halts while its checkpoint is ahead of the stream
// and waits at an event only newer code knows, says so in its log and metrics, and goes on by itself once the
// cause is gone. An envelope grown by a field this code does not know is projected as usual.
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent, type DomainEvent, type EventDecoder } from '../../events/index.js';
import { eventually } from '../../tests/support/eventually.js';
import { sessionsReadModel } from '../sessions/index.js';
import { readCheckpoint, resetReadModel, type ReadModel } from './index.js';
import {
  freshReadModel,
  publishRaw,
  sessionStarted,
  type RunnerProbe,
  useRunnerProbes,
} from './testing/runner-probe.js';

const suite = useRunnerProbes();
const probe = suite.probe;

async function streamLastSeq(): Promise<number> {
  return (await suite.env.nats.jsm.streams.info(suite.env.config.streamName)).state.last_seq;
}

async function sessionRows(...events: DomainEvent[]): Promise<string[]> {
  const ids = events.map((e) => e.sessionId!);
  const rows = await suite.env.db
    .selectFrom('session')
    .select('session_id')
    .where('session_id', 'in', ids)
    .execute();
  return rows.map((r) => r.session_id).sort();
}

async function deadLetters(readModel: string): Promise<unknown[]> {
  return suite.env.db
    .selectFrom('projection_dead_letter')
    .selectAll()
    .where('projection', '=', readModel)
    .execute();
}

/** A decoder of newer code: it knows `study.assigned` (which sessions ignores) and, when told, v99. */
function newerDecoder(opts: { knowsV99: boolean }): EventDecoder {
  return (bytes) => {
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as { type: string; version: number };
    if (raw.type === 'study.assigned') return raw as never; // its v1 schema lives in the newer code
    if (raw.version === 99 && opts.knowsV99) {
      return decodeEvent(new TextEncoder().encode(JSON.stringify({ ...raw, version: 1 })));
    }
    return decodeEvent(bytes);
  };
}

describe('a read model that cannot place a message', () => {
  it('halts while its checkpoint is ahead of the stream, says how to fix it, and resumes once rebuilt', async () => {
    const name = 'ahead';
    const readModel: ReadModel = { ...sessionsReadModel, name };
    const first = sessionStarted();
    await suite.env.publisher.append(first);
    // What a stream deleted and created again leaves behind: a checkpoint past its last sequence.
    const ahead = (await streamLastSeq()) + 2;
    await suite.env.db
      .insertInto('projection_checkpoint')
      .values({ projection: name, last_seq: ahead, updated_at: new Date() })
      .execute();
    const p = probe(readModel);
    await eventually(() => expect(p.logged('error', /ahead of the stream/).length).toBeGreaterThan(1));
    const line = p.logged('error', /ahead of the stream/)[0]!;
    expect(line).toMatchObject({ checkpoint: ahead, streamLastSeq: ahead - 2, readModel: name });
    expect(line.msg).toContain(`npm run c4m -- rebuild ${name}`);
    expect(await p.metric('c4m_projection_state', { state: 'halted-checkpoint-ahead' })).toBe(1);
    expect(await p.metric('c4m_projection_errors_total', { kind: 'checkpoint-ahead' })).toBeGreaterThan(1);

    // The new stream grows past the old checkpoint: its sequences are other events, so it stays halted.
    const later = [sessionStarted(), sessionStarted(), sessionStarted()];
    for (const e of later) await suite.env.publisher.append(e);
    await eventually(() => expect(p.logged('error', /has since grown/).length).toBeGreaterThan(0));
    expect(await readCheckpoint(suite.env.db, name)).toBe(ahead);
    expect(await sessionRows(first, ...later)).toEqual([]);
    expect(await p.metric('c4m_projection_state', { state: 'halted-checkpoint-ahead' })).toBe(1);

    // A rebuild resets the checkpoint (the halted runner does not hold the lock, so it is not refused).
    await eventually(() =>
      resetReadModel(suite.env.db, suite.env.nats.jsm, suite.env.config.streamName, readModel),
    );
    const last = await streamLastSeq();
    await eventually(async () => expect(await readCheckpoint(suite.env.db, name)).toBe(last));
    expect(await sessionRows(first, ...later)).toEqual([first, ...later].map((e) => e.sessionId!).sort());
    expect(await p.metric('c4m_projection_state', { state: 'running' })).toBe(1);
    expect(await p.metric('c4m_projection_state', { state: 'halted-checkpoint-ahead' })).toBe(0);
    expect(await p.metric('c4m_projection_last_applied_seq')).toBe(last);
  });

  it('waits at each event only newer code knows, applies nothing after it, and goes on once the code knows it', async () => {
    const readModel = await freshReadModel(suite.env, sessionsReadModel, 'newer');
    const before = sessionStarted();
    const between = sessionStarted();
    const after = sessionStarted();
    await suite.env.publisher.append(before);
    const template = JSON.parse(new TextDecoder().decode(encodeEvent(sessionStarted()))) as object;
    const unknownType = await publishRaw(suite.env, 'study_assigned', {
      ...template,
      type: 'study.assigned',
      data: { arm: 'b' },
    });
    await suite.env.publisher.append(between);
    const v99 = sessionStarted();
    const v99Seq = await publishRaw(suite.env, 'session_started', { ...v99, version: 99 });
    await suite.env.publisher.append(after);

    const old = probe(readModel);
    await eventually(() => expect(waitsLogged(old)).toBeGreaterThan(2));
    expect(old.logged('warn', /newer code/)).toEqual([
      expect.objectContaining({ seq: unknownType, type: 'study.assigned', version: 1 }),
    ]);
    expect(await readCheckpoint(suite.env.db, 'newer')).toBe(unknownType - 1);
    expect(await sessionRows(before, between, after)).toEqual([before.sessionId]);
    expect(await waitingState(old)).toBe(1);
    await old.stop();

    // Newer code that knows the type but not version 99 goes on to the next event it cannot place.
    const newer = probe(readModel, { decode: newerDecoder({ knowsV99: false }) });
    await eventually(() => expect(newer.logged('warn', /newer code/).length).toBe(1));
    expect(newer.logged('warn', /newer code/)[0]).toMatchObject({
      seq: v99Seq,
      type: 'session.started',
      version: 99,
    });
    expect(newer.logged('warn', /newer code/)[0]!.msg).toMatch(/unknown version 99 of session\.started/);
    await eventually(async () => expect(await readCheckpoint(suite.env.db, 'newer')).toBe(v99Seq - 1));
    expect(await sessionRows(before, between, v99, after)).toEqual(
      [before.sessionId, between.sessionId].sort(),
    );
    await newer.stop();

    const newest = probe(readModel, { decode: newerDecoder({ knowsV99: true }) });
    const last = await streamLastSeq();
    await eventually(async () => expect(await readCheckpoint(suite.env.db, 'newer')).toBe(last));
    expect(await sessionRows(before, between, v99, after)).toEqual(
      [before.sessionId, between.sessionId, v99.sessionId, after.sessionId].sort(),
    );
    expect(await deadLetters('newer')).toEqual([]);
    expect(await newest.metric('c4m_projection_state', { state: 'running' })).toBe(1);
  });

  it('projects an event whose envelope carries a field this code does not know', async () => {
    const readModel = await freshReadModel(suite.env, sessionsReadModel, 'grown');
    const event = sessionStarted();
    const seq = await publishRaw(suite.env, 'session_started', {
      ...event,
      studyId: 'study-7',
      causationId: 'x',
    });
    const p = probe(readModel);
    await eventually(async () => expect(await readCheckpoint(suite.env.db, 'grown')).toBe(seq));
    expect(await sessionRows(event)).toEqual([event.sessionId]);
    expect(await deadLetters('grown')).toEqual([]);
    expect(await p.metric('c4m_projection_events_applied_total')).toBe(1);
    expect(await p.metric('c4m_projection_last_applied_seq')).toBe(seq);
  });
});

/** How often the runner looked again while waiting (after the one warning). */
function waitsLogged(p: RunnerProbe): number {
  return p.logged('debug', /still waiting for newer code/).length;
}

function waitingState(p: RunnerProbe): Promise<number> {
  return p.metric('c4m_projection_state', { state: 'waiting-for-newer-code' });
}
