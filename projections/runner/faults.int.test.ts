// A failure that is the code's fault (a migration that breaks inserts, a decoder that throws) stops the read
// model visibly with nothing acknowledged or dead-lettered, and it goes on by itself once the code is fixed;
// two appliers racing on a read model without a checkpoint row apply each event once.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { decodeEvent, eventSubject, type DomainEvent, type EventDecoder } from '../../events/index.js';
import { eventually } from '../../tests/support/eventually.js';
import { sessionsReadModel } from '../sessions/index.js';
import { applyBatch, consumerName, readCheckpoint, type ReadModel, type StreamMessage } from './index.js';
import { freshReadModel, sessionStarted, useRunnerProbes } from './testing/runner-probe.js';

const suite = useRunnerProbes();
const probe = suite.probe;

/** Appends in this order; returns each event's stream sequence. */
async function appendInOrder(events: DomainEvent[]): Promise<number[]> {
  const seqs: number[] = [];
  for (const e of events) seqs.push((await suite.env.publisher.append(e)).seq);
  return seqs;
}

async function sessionRows(events: DomainEvent[]): Promise<string[]> {
  const ids = events.map((e) => e.sessionId!);
  const rows = await suite.env.db
    .selectFrom('session')
    .select('session_id')
    .where('session_id', 'in', ids)
    .execute();
  return rows.map((r) => r.session_id).sort();
}

const idsOf = (events: DomainEvent[]) => events.map((e) => e.sessionId!).sort();

async function deadLetters(readModel: string): Promise<unknown[]> {
  return suite.env.db
    .selectFrom('projection_dead_letter')
    .selectAll()
    .where('projection', '=', readModel)
    .execute();
}

describe("a failure that is the code's fault", () => {
  // First in the file: a NOT NULL column without a default can only be added while `session` is empty.
  it('stops at a migration that breaks its inserts, acks and dead-letters nothing, and resumes once it is undone', async () => {
    const readModel = await freshReadModel(suite.env, sessionsReadModel, 'migrated');
    const start = await readCheckpoint(suite.env.db, 'migrated');
    await sql`ALTER TABLE session ADD COLUMN x int NOT NULL`.execute(suite.env.db);
    const p = probe(readModel);
    const events = [sessionStarted(), sessionStarted(), sessionStarted()];
    const seqs = await appendInOrder(events);
    await eventually(async () =>
      expect(await p.metric('c4m_projection_errors_total', { kind: 'database' })).toBeGreaterThan(1),
    );
    expect(p.logged('error', /retrying/)[0]).toMatchObject({
      readModel: 'migrated',
      seq: seqs[0],
      subject: eventSubject(suite.env.config.natsPrefix, 'session.started', events[0]!.userId),
      type: 'session.started',
      sqlstate: '23502',
    });
    expect(await p.metric('c4m_projection_state', { state: 'failing' })).toBe(1);
    expect(await readCheckpoint(suite.env.db, 'migrated')).toBe(start);
    expect(await deadLetters('migrated')).toEqual([]);
    expect(await sessionRows(events)).toEqual([]);
    await eventually(async () => {
      const info = await suite.env.nats.jsm.consumers.info(
        suite.env.config.streamName,
        consumerName('migrated'),
      );
      expect(info.ack_floor.stream_seq).toBeLessThanOrEqual(start);
    });

    await sql`ALTER TABLE session DROP COLUMN x`.execute(suite.env.db);
    await eventually(async () => expect(await readCheckpoint(suite.env.db, 'migrated')).toBe(seqs[2]));
    expect(await sessionRows(events)).toEqual(idsOf(events));
    expect(await deadLetters('migrated')).toEqual([]);
    expect(await p.metric('c4m_projection_state', { state: 'running' })).toBe(1);
    expect(await p.metric('c4m_projection_events_applied_total')).toBe(3);
  });

  it('stops visibly at a message its decoder throws on, acks and dead-letters nothing, and goes on once it decodes', async () => {
    const readModel = await freshReadModel(suite.env, sessionsReadModel, 'undecodable');
    const events = [sessionStarted(), sessionStarted(), sessionStarted()];
    const broken = events[1]!;
    let upcasterFixed = false;
    // A decoder whose upcaster throws on one event, as a bug in newly deployed code would.
    const decode: EventDecoder = (bytes) => {
      const event = decodeEvent(bytes);
      if (event.id === broken.id && !upcasterFixed)
        throw new TypeError('Cannot read properties of undefined');
      return event;
    };
    const seqs = await appendInOrder(events);
    const p = probe(readModel, { decode });
    await eventually(async () =>
      expect(await p.metric('c4m_projection_errors_total', { kind: 'decode' })).toBeGreaterThan(1),
    );
    const line = p.logged('error', /retrying/)[0]!;
    expect(line).toMatchObject({
      readModel: 'undecodable',
      seq: seqs[1],
      subject: eventSubject(suite.env.config.natsPrefix, 'session.started', broken.userId),
      type: 'session.started',
    });
    expect(JSON.stringify(line.err)).toContain('Cannot read properties of undefined');
    expect(await p.metric('c4m_projection_state', { state: 'failing' })).toBe(1);
    expect(await readCheckpoint(suite.env.db, 'undecodable')).toBe(seqs[0]);
    expect(await sessionRows(events)).toEqual([events[0]!.sessionId]);
    expect(await deadLetters('undecodable')).toEqual([]);

    upcasterFixed = true;
    await eventually(async () => expect(await readCheckpoint(suite.env.db, 'undecodable')).toBe(seqs[2]));
    expect(await sessionRows(events)).toEqual(idsOf(events));
    expect(await deadLetters('undecodable')).toEqual([]);
    expect(await p.metric('c4m_projection_state', { state: 'running' })).toBe(1);
  });
});

describe('two appliers of one read model', () => {
  it('apply each event once when both start on a read model that has no checkpoint row yet', async () => {
    await sql`CREATE TABLE applied_event (event_id uuid NOT NULL)`.execute(suite.env.db);
    const events = [sessionStarted(), sessionStarted(), sessionStarted()];
    const seqs = await appendInOrder(events);
    const messages: StreamMessage[] = [];
    for (const seq of seqs) {
      const m = await suite.env.nats.jsm.streams.getMessage(suite.env.config.streamName, { seq });
      messages.push({ seq: m!.seq, subject: m!.subject, data: m!.data });
    }
    let arrived = 0;
    /** Holds the first applier until the second has either applied as well or is waiting for a lock. */
    const bothThere = async (): Promise<void> => {
      arrived += 1;
      if (arrived > 1) return;
      await eventually(async () => {
        if (arrived > 1) return;
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(suite.env.db);
        if (rows[0]!.n === 0) throw new Error('the second applier is neither applying nor waiting');
      });
    };
    const counting: ReadModel = {
      name: 'racing',
      tables: ['session'],
      projectors: {
        'session.started': async (trx, event) => {
          if (event.id === events[0]!.id) await bothThere();
          await sql`INSERT INTO applied_event (event_id) VALUES (${event.id})`.execute(trx);
        },
      },
    };
    // Only the events of this test: the read model's checkpoint row does not exist yet.
    await Promise.all([
      applyBatch(suite.env.db, counting, messages),
      applyBatch(suite.env.db, counting, messages),
    ]);
    const { rows } = await sql<{ event_id: string }>`SELECT event_id FROM applied_event`.execute(
      suite.env.db,
    );
    expect(rows.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(await readCheckpoint(suite.env.db, 'racing')).toBe(seqs[2]);
  });
});
