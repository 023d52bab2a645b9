// A projection worker killed with SIGKILL mid-stream and restarted leaves every row exactly once: rows and
// checkpoint commit together, and the restarted worker repositions its consumer at the checkpoint.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../events/index.js';
import { eventually } from '../../tests/support/eventually.js';
import { readModels } from '../read-models.js';
import { createProjectionTestEnv, type ProjectionTestEnv } from '../testing/projection-test-env.js';
import { feedback, generated, newQueryIds, requested } from '../testing/query-events.js';
import { disposeWorkerCommand, prepareWorkerCommand, startWorkerProcess } from '../testing/worker-process.js';
import { readCheckpoint } from './index.js';

const SESSIONS = 1_600;
const QUERIES = 100; // × 4 events: 2,000 events in all

let env: ProjectionTestEnv;
let child: ChildProcess | undefined;
let command: string[];

beforeAll(async () => {
  [env, command] = await Promise.all([createProjectionTestEnv(), prepareWorkerCommand()]);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await env?.cleanup();
  if (command) await disposeWorkerCommand(command);
});

function startWorker(): ChildProcess {
  child = startWorkerProcess(command, env.config, 50);
  return child;
}

async function publishAll(): Promise<{ sessions: string[] }> {
  const sessions = Array.from({ length: SESSIONS }, () => ({
    userId: uuidv7(),
    sessionId: uuidv7(),
    correlationId: 'c',
  }));
  const queries = Array.from({ length: QUERIES }, () => newQueryIds());
  // In rounds, so that each query's events keep their order in the stream (its last feedback says false).
  await env.publisher.appendAll(queries.map((ids) => requested(ids)));
  await env.publisher.appendAll(queries.map((ids) => generated(ids)));
  await env.publisher.appendAll(queries.map((ids) => feedback(ids, { wasAccepted: true })));
  await env.publisher.appendAll(
    sessions.map((ids) => makeEvent('session.started', ids, { startedAt: new Date().toISOString() })),
  );
  await env.publisher.appendAll(
    queries.map((ids) => feedback(ids, { wasAccepted: false, groundTruth: 'gt' })),
  );
  return { sessions: sessions.map((s) => s.sessionId) };
}

async function count(
  table: 'session' | 'meta_query' | 'had_generation' | 'feedback' | 'ground_truth',
): Promise<number> {
  const row = await env.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('a projection worker killed mid-stream', () => {
  it('leaves every row exactly once after a restart', async () => {
    const first = startWorker(); // starts while the events are appended
    const published = publishAll();
    await eventually(
      async () => {
        if ((await count('session')) === 0) throw new Error('no session row yet');
        first.kill('SIGKILL');
      },
      25_000,
      5,
    );
    await once(first, 'exit');
    const { sessions } = await published;
    const { state } = await env.nats.jsm.streams.info(env.config.streamName);
    expect(state.messages).toBe(SESSIONS + QUERIES * 4);
    const sessionsBeforeRestart = await count('session');
    expect(sessionsBeforeRestart).toBeGreaterThan(0);
    expect(sessionsBeforeRestart).toBeLessThan(SESSIONS);

    const second = startWorker();
    await eventually(async () => {
      for (const m of readModels) expect(await readCheckpoint(env.db, m.name)).toBe(state.last_seq);
    }, 25_000);
    second.kill('SIGTERM');
    expect((await once(second, 'exit'))[0]).toBe(0);

    const rows = await env.db.selectFrom('session').select('session_id').execute();
    expect(rows.map((r) => r.session_id).sort()).toEqual([...sessions].sort());
    expect(await count('meta_query')).toBe(QUERIES);
    expect(await count('had_generation')).toBe(QUERIES);
    expect(await count('feedback')).toBe(QUERIES * 2);
    expect(await count('ground_truth')).toBe(QUERIES);
    const accepted = await env.db
      .selectFrom('had_generation')
      .select('meta_query_id')
      .where('was_accepted', '=', true)
      .execute();
    expect(accepted).toEqual([]); // each query's later feedback (false) was applied after its earlier one
    expect(await env.db.selectFrom('projection_dead_letter').selectAll().execute()).toEqual([]);
  }, 60_000);
});
