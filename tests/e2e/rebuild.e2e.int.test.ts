// End to end: `c4m rebuild` as a child process, the real CLI, while the platform runs (api, inference with a
// test model, projections) and a plugin session keeps sending requests: dropped read models rebuilt into
// tables equal to a copy projected live from the same stream; --compare and its exit codes; a rebuild
// killed halfway leaving the live tables untouched, and the next one cleaning up after it.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProjectionWorkers,
  projectionPoolSize,
  readCheckpoint,
  readModels,
  type ProjectionWorkers,
} from '../../projections/index.js';
import {
  snapshotReadModels,
  tablesWithoutRowSequences,
} from '../../projections/testing/read-model-snapshot.js';
import { createDb, type Db } from '../../src/platform/db.js';
import { createNats, type Nats } from '../../src/platform/nats.js';
import { createRedis, type Redis } from '../../src/platform/redis.js';
import { startPlatform, type RunningPlatform } from '../../src/roles/start-platform.js';
import { runCli, startCli } from '../support/cli-process.js';
import { eventually } from '../support/eventually.js';
import { chatRequestBody, httpTarget, PluginClient } from '../support/plugin-client.js';
import { startPluginTraffic } from '../support/plugin-traffic.js';
import { createReferenceProjection } from '../support/reference-projection.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const MODEL = 6;
const CHAT_MODEL = 7;
let env: TestEnv;
let platform: RunningPlatform;
let workers: ProjectionWorkers;
let db: Db;
let workersDb: Db;
let nats: Nats;
let redis: Redis;
let plugin: PluginClient;
let earlierQuery: string;

beforeAll(async () => {
  env = await createTestEnv({
    migrate: false,
    overrides: { modelRegistryFile: 'tests/e2e/registry.rebuild.e2e.json', rateLimitPerMinute: 1_000_000 },
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  platform = await startPlatform(['api', 'inference'], env.config, logger);
  [db, nats, redis] = [
    createDb(env.config.databaseUrl, 4),
    await createNats(env.config.natsUrl, 'rebuild-e2e'),
    createRedis(env.config.redisUrl, env.config.redisPrefix),
  ];
  // The projections role, with a short back-off so the runners resume quickly once their tables are back.
  workersDb = createDb(env.config.databaseUrl, projectionPoolSize());
  workers = createProjectionWorkers({
    db: workersDb,
    nats,
    config: env.config,
    logger,
    tuning: { retryDelayMs: 50, maxRetryDelayMs: 300 },
  });
  workers.start();
  plugin = new PluginClient(httpTarget(platform.roles.find((r) => r.role === 'api')!.url!));
  await signUp(plugin);
  earlierQuery = await completion(plugin);
  for (let i = 0; i < 20; i++) await completion(plugin);
  await chats(plugin);
  await caughtUp();
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await workersDb?.destroy();
  await platform?.close();
  redis?.disconnect();
  await nats?.nc.drain();
  await db?.destroy();
  await env?.cleanup();
});

async function signUp(client: PluginClient): Promise<void> {
  const account = { email: 'rebuild@example.org', password: 'Rebuild-Passw0rd' };
  await client.ok('POST', '/api/user/create', {
    ...account,
    name: 'Rebuilder',
    config_id: 1,
    token: '',
    provider: 'no_provider',
  });
  await client.ok('POST', '/api/user/authenticate', { ...account, provider: 'no_provider', token: '' });
  await client.ok('GET', '/api/session/acquire');
  const project = await client.ok<{ project_token: string }>('POST', '/api/project/create', {
    project_name: 'rebuilt',
  });
  await client.ok('PUT', '/api/project/activate', { project_id: project.project_token });
}

async function completion(client: PluginClient): Promise<string> {
  const res = await client.ok<{ data: { meta_query_id: string } }>('POST', '/api/completion/request', {
    model_ids: [MODEL],
    context: { prefix: 'def f():\n    return ', suffix: '\n', file_name: 'f.py', context_files: [] },
    contextual_telemetry: { version_id: 3, trigger_type_id: 1, language_id: 47 },
    store_context: true,
    store_contextual_telemetry: true,
    store_behavioral_telemetry: false,
  });
  await client.ok('POST', '/api/completion/feedback', {
    meta_query_id: res.data.meta_query_id,
    model_id: MODEL,
    was_accepted: true,
  });
  return res.data.meta_query_id;
}

/** Three chats of the test's chat model: one over two turns, one kept, one deleted. */
async function chats(client: PluginClient): Promise<void> {
  const [long, kept, deleted] = [randomUUID(), randomUUID(), randomUUID()];
  const first = await client.chat(
    chatRequestBody(long, [['user', 'What is a fold?']], { model_ids: [CHAT_MODEL] }),
  );
  const answer = first.history[0]?.assistant_responses[0]?.completion ?? '';
  const turns: Array<[string, string]> = [
    ['user', 'What is a fold?'],
    ['assistant', answer],
    ['user', 'And a scan?'],
  ];
  await client.chat(chatRequestBody(long, turns, { model_ids: [CHAT_MODEL], store_context: true }));
  await client.chat(chatRequestBody(kept, [['user', 'Kept']], { model_ids: [CHAT_MODEL] }));
  await client.chat(chatRequestBody(deleted, [['user', 'Deleted']], { model_ids: [CHAT_MODEL] }));
  await client.deleteChat(deleted);
}

async function caughtUp(): Promise<void> {
  const last = (await nats.jsm.streams.info(env.config.streamName)).state.last_seq;
  await eventually(async () => {
    for (const m of readModels) expect(await readCheckpoint(db, m.name)).toBeGreaterThanOrEqual(last);
  }, 30_000);
}

async function rebuildSchemas(): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
  }>`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'c4m_rebuild_%'`.execute(db);
  return rows.map((r) => r.name);
}

async function tamper(): Promise<void> {
  await sql`UPDATE had_generation SET completion = 'tampered' WHERE meta_query_id = ${earlierQuery}`.execute(
    db,
  );
}

describe('c4m rebuild', () => {
  it('rebuilds every dropped read model while a plugin session keeps sending requests, equal to a live copy', async () => {
    for (const m of readModels) {
      await sql`DROP TABLE ${sql.join(m.tables.map((t) => sql.table(t)))}`.execute(db);
      await db.deleteFrom('projection_checkpoint').where('projection', '=', m.name).execute();
    }
    const traffic = startPluginTraffic(plugin, { modelId: MODEL, earlierQueryId: earlierQuery });
    const rebuilt = await runCli(env.config, ['rebuild', 'all']);
    const { rounds, failures } = await traffic.stop();
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/^load: 0\/[\d,]+ events/m);
    expect(rebuilt.stdout).toMatch(
      /^rebuilt sessions, queries, contexts, analytics, chats, studies: [\d,]+ events in [\d.]+ m?s \([\d,]+ events\/s\)/m,
    );
    expect(rounds).toBeGreaterThan(0); // requests, and feedback on the earlier query, went on during the rebuild
    expect(failures).toEqual([]);
    await caughtUp();
    const reference = await createReferenceProjection(env.config, nats);
    try {
      await reference.caughtUp();
      const live = await snapshotReadModels(db, readModels);
      expect(live.meta_query!.length).toBeGreaterThan(21);
      expect(live.chat).toHaveLength(2); // the deleted chat is gone from both
      expect(live.chat_response).toHaveLength(3);
      expect(tablesWithoutRowSequences(live)).toEqual([]); // so the rows' sequences are compared too
      expect(live).toEqual(await snapshotReadModels(reference.db, readModels));
    } finally {
      await reference.cleanup();
    }
  });

  it('compares equal tables as equal (exit 0) and names a tampered table (exit 3)', async () => {
    await caughtUp();
    const equal = await runCli(env.config, ['rebuild', 'all', '--compare']);
    expect(equal.code).toBe(0);
    expect(equal.stdout).toMatch(
      /^compared sessions, queries, contexts, analytics, chats, studies: .*; no differences$/m,
    );
    await tamper();
    const differs = await runCli(env.config, ['rebuild', 'queries', '--compare']);
    expect(differs.code).toBe(3);
    expect(differs.stdout).toContain(
      `queries.had_generation: 1 rows only in live e.g. {"meta_query_id":"${earlierQuery}","model_id":${MODEL}}; 1 only in the rebuild`,
    );
    expect(differs.stdout).toMatch(/; 1 tables differ$/m);
    expect(await rebuildSchemas()).toEqual([]);
  });

  it('leaves the live tables untouched when killed halfway, and the next rebuild cleans up after it', async () => {
    await caughtUp();
    const before = await snapshotReadModels(db, readModels);
    expect(before.had_generation!.some((r) => r.includes('tampered'))).toBe(true); // from the test before
    // Holding the sessions checkpoint row stops the rebuild at its first swap at the latest: it cannot swap.
    const hold = await db.startTransaction().execute();
    await sql`SELECT 1 FROM projection_checkpoint WHERE projection = 'sessions' FOR UPDATE`.execute(hold);
    const killed = startCli(env.config, ['rebuild', 'all']);
    await killed.waitForLine(/^load: /);
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await hold.rollback().execute();
    const leftovers = await rebuildSchemas();
    expect(leftovers.length).toBeGreaterThan(0);
    expect(await snapshotReadModels(db, readModels)).toEqual(before);
    const next = await completion(plugin); // the live projection goes on
    await eventually(async () =>
      expect(
        await db.selectFrom('meta_query').select('meta_query_id').where('meta_query_id', '=', next).execute(),
      ).toHaveLength(1),
    );

    // The next rebuild, with feedback on an earlier query answered from the live tables all along.
    await redis.del(`query:${earlierQuery}`);
    const traffic = startPluginTraffic(plugin, { modelId: MODEL, earlierQueryId: earlierQuery });
    const again = await runCli(env.config, ['rebuild', 'all']);
    const { failures } = await traffic.stop();
    expect(again.code).toBe(0);
    expect(failures).toEqual([]);
    expect(await rebuildSchemas()).toEqual([]);
    await caughtUp();
    expect((await runCli(env.config, ['rebuild', 'all', '--compare'])).code).toBe(0); // the tamper is gone
  }, 90_000); // three spawned CLI runs, each starting tsx: over 30 s on a loaded CI machine
});
