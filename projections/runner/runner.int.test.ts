// The runner's guarantees against real NATS and PostgreSQL: duplicates and redeliveries never double a row,
// undecodable messages are dead-lettered without stopping it, a failed transaction is retried, not acked,
// and a rebuild gives the same tables.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, encodeEvent, eventSubject } from '../../events/index.js';
import { eventually } from '../../tests/support/eventually.js';
import { contextsReadModel } from '../contexts/index.js';
import type { ProjectionWorkers } from '../projection-workers.js';
import { queriesReadModel } from '../queries/index.js';
import { projectSessionStarted } from '../sessions/session-projectors.js';
import {
  createProjectionTestEnv,
  tableRows,
  waitForMetaQuery,
  type ProjectionTestEnv,
} from '../testing/projection-test-env.js';
import { feedback, generated, newQueryIds, requested } from '../testing/query-events.js';
import { applyBatch, readCheckpoint, type ReadModel, type StreamMessage } from './index.js';

let env: ProjectionTestEnv;
let workers: ProjectionWorkers;
let flakyFailures = 0;

/** Fails its first transactions the way a lost connection does, then writes sessions. */
const flakyReadModel: ReadModel = {
  name: 'flaky',
  tables: ['session'],
  projectors: {
    'session.started': async (trx, event, seq) => {
      if (flakyFailures > 0) {
        flakyFailures -= 1;
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '08006' });
      }
      await projectSessionStarted(trx, event, seq);
    },
  },
};

beforeAll(async () => {
  env = await createProjectionTestEnv();
  workers = env.workers([queriesReadModel, contextsReadModel, flakyReadModel], { batchSize: 20 });
  workers.start();
});
afterAll(async () => {
  await env?.cleanup();
});

async function caughtUp(readModel: string): Promise<void> {
  const { state } = await env.nats.jsm.streams.info(env.config.streamName);
  await eventually(async () => expect(await readCheckpoint(env.db, readModel)).toBe(state.last_seq));
}

async function streamMessages(): Promise<StreamMessage[]> {
  const { state } = await env.nats.jsm.streams.info(env.config.streamName);
  const out: StreamMessage[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const m = await env.nats.jsm.streams.getMessage(env.config.streamName, { seq });
    if (m) out.push({ seq: m.seq, subject: m.subject, data: m.data });
  }
  return out;
}

describe('projection runner', () => {
  it('stores an event appended twice once, even when the second copy got past the dedupe window', async () => {
    const ids = newQueryIds();
    const event = feedback(ids);
    await env.publisher.append(requested(ids));
    await env.publisher.append(generated(ids));
    const first = await env.publisher.append(event);
    expect((await env.publisher.append(event)).duplicate).toBe(true);
    // A second copy under another message id is a second stream message carrying the same event.
    const subject = eventSubject(env.config.natsPrefix, event.type, event.userId);
    const copy = await env.nats.js.publish(subject, encodeEvent(event), { msgID: `${event.id}-copy` });
    expect(copy.seq).toBeGreaterThan(first.seq);
    await caughtUp('queries');
    expect(
      await env.db
        .selectFrom('feedback')
        .select('event_id')
        .where('meta_query_id', '=', ids.queryId)
        .execute(),
    ).toEqual([{ event_id: event.id }]);
  });

  it('skips a redelivered batch whole, so no row is doubled', async () => {
    const ids = newQueryIds();
    await env.publisher.append(requested(ids));
    await env.publisher.append(feedback({ ...ids }, { groundTruth: 'a' }));
    await caughtUp('queries');
    const before = await tableRows(env.db, 'feedback');
    const outcome = await applyBatch(env.db, queriesReadModel, await streamMessages());
    expect(outcome).toMatchObject({ applied: 0, deadLettered: 0 });
    expect(outcome.skipped).toBeGreaterThan(0);
    expect(await tableRows(env.db, 'feedback')).toEqual(before);
  });

  it('dead-letters a malformed message with its reason and keeps projecting what follows', async () => {
    const subject = eventSubject(env.config.natsPrefix, 'completion.feedback', uuidv7());
    const bad = await env.nats.js.publish(subject, new TextEncoder().encode('{"id": "not an event"'));
    const unknown = await env.nats.js.publish(
      `${env.config.natsPrefix}.evt.user_teleported._`,
      new TextEncoder().encode('{}'),
    );
    const ids = newQueryIds();
    await env.publisher.append(requested(ids));
    await waitForMetaQuery(env.db, ids.queryId);
    await caughtUp('contexts');
    await caughtUp('flaky');
    const letters = await env.db
      .selectFrom('projection_dead_letter')
      .selectAll()
      .where('stream_seq', 'in', [bad.seq, unknown.seq])
      .orderBy('stream_seq')
      .orderBy('projection')
      .execute();
    // Only the read model handling feedback looks into a feedback subject; a subject of no known type, all do.
    expect(letters.map((l) => [l.projection, l.stream_seq, l.subject])).toEqual([
      ['queries', bad.seq, subject],
      ['contexts', unknown.seq, `${env.config.natsPrefix}.evt.user_teleported._`],
      ['flaky', unknown.seq, `${env.config.natsPrefix}.evt.user_teleported._`],
      ['queries', unknown.seq, `${env.config.natsPrefix}.evt.user_teleported._`],
    ]);
    expect(letters[0]!.reason).toMatch(/^not JSON/);
    expect(letters[0]!.payload.toString('utf8')).toBe('{"id": "not an event"');
    expect(letters[1]!.reason).toMatch(/^bad envelope/);
  });

  it('retries a batch whose transaction failed instead of acknowledging it, and loses nothing', async () => {
    flakyFailures = 2;
    const users = Array.from({ length: 30 }, () => ({
      userId: uuidv7(),
      sessionId: uuidv7(),
      correlationId: 'c',
    }));
    await env.publisher.appendAll(
      users.map((ids) => makeEvent('session.started', ids, { startedAt: new Date().toISOString() })),
    );
    await caughtUp('flaky');
    expect(flakyFailures).toBe(0);
    const rows = await env.db
      .selectFrom('session')
      .select('session_id')
      .where(
        'user_id',
        'in',
        users.map((u) => u.userId),
      )
      .execute();
    expect(rows.map((r) => r.session_id).sort()).toEqual(users.map((u) => u.sessionId).sort());
  });

  it('rebuilds a read model from the stream into identical tables', async () => {
    const ids = newQueryIds();
    await env.publisher.append(
      requested(ids, {
        context: { prefix: 'a', suffix: 'b', fileName: 'f', selectedText: null, contextFiles: [] },
      }),
    );
    await env.publisher.append(generated(ids));
    await env.publisher.append(feedback(ids, { groundTruth: 'gt' }));
    await env.publisher.append(
      makeEvent('context.updated', ids, {
        updatedAt: new Date().toISOString(),
        stored: true,
        changes: { f: [] },
        files: { f: { lineCount: 0, changeCount: 0, changesOmitted: null } },
        part: { index: 1, count: 1 },
      }),
    );
    await caughtUp('queries');
    await caughtUp('contexts');
    const tables = [
      ...queriesReadModel.tables,
      ...contextsReadModel.tables,
      'projection_dead_letter',
    ] as const;
    const snapshot = async () => Promise.all(tables.map((t) => tableRows(env.db, t)));
    // A dead letter's serial id and arrival time are bookkeeping, not data.
    const withoutTimes = (rows: unknown[][]) =>
      rows.map((r) =>
        r
          .map((s) =>
            String(s)
              .replace(/"received_at":"[^"]*"/, '')
              .replace(/^\{"id":\d+,/, '{'),
          )
          .sort(),
      );
    const before = await snapshot();
    expect(before[0]!.length).toBeGreaterThan(0);
    await workers.rebuild('queries');
    await workers.rebuild('contexts');
    expect(withoutTimes(await snapshot())).toEqual(withoutTimes(before));
  });
});
