// The platform on a three-node NATS cluster with the event stream replicated three ways: plugin sessions keep
// sending context updates, completions and feedback while the stream's leader is killed (SIGKILL), started
// again, and then the next leader is killed. Every answer that was a 2xx is in the stream exactly once and in
// the tables exactly once, and the restarted node catches up to hold every event itself.
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, readModels } from '../../projections/index.js';
import { createDb, type Db } from '../../src/platform/db.js';
import { createNats, type Nats } from '../../src/platform/nats.js';
import { startPlatform, type RunningPlatform } from '../../src/roles/start-platform.js';
import type { DomainEvent } from '../../events/index.js';
import { eventually } from '../support/eventually.js';
import { startNatsCluster, type NatsCluster } from '../support/nats-cluster.js';
import type { RequestTarget } from '../support/plugin-client.js';
import { signUpPlugin, type PluginUser } from '../support/research-platform.js';
import { readStreamEvents } from '../support/read-stream-events.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const MODEL = 6; // the echo model of tests/e2e/registry.rebuild.e2e.json
const SESSIONS = 4;

let cluster: NatsCluster;
let env: TestEnv;
let platform: RunningPlatform;
let nats: Nats;
let db: Db;
let users: PluginUser[];
let stopLoad: (() => Promise<unknown>) | undefined;

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  env = await createTestEnv({
    migrate: false,
    overrides: {
      natsUrl: cluster.url,
      streamReplicas: 3,
      modelRegistryFile: 'tests/e2e/registry.rebuild.e2e.json',
      rateLimitPerMinute: 1_000_000,
    },
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  platform = await startPlatform(['inference', 'projections', 'api'], env.config, logger);
  nats = await createNats(env.config.natsUrl, 'cluster-test');
  db = createDb(env.config.databaseUrl, 2);
  const api = pluginTarget(platform.roles.find((r) => r.role === 'api')!.url!);
  users = [];
  // store_context: the context updates keep their files, so each one is a context_change row.
  for (let i = 0; i < SESSIONS; i++)
    users.push(await signUpPlugin(api, `cluster${i}@example.org`, { store_context: true }));
}, 120_000);

afterAll(async () => {
  await stopLoad?.();
  await platform?.close();
  await nats?.nc.close();
  await db?.destroy();
  await env?.cleanup();
  await cluster?.close();
});

type Route = 'context update' | 'completion' | 'feedback';

/** What the plugin sessions were told succeeded (2xx), and every answer that was not one. */
interface Acknowledged {
  /** Query ids of the completions answered 2xx, and those of them whose model's completion was shown. */
  queryIds: string[];
  shown: string[];
  /** Query ids whose feedback was acknowledged (one feedback call per shown completion). */
  feedback: string[];
  contextUpdates: number;
  /** Status 0: the plugin gave up (no answer within its 10 s) or the connection failed. */
  failures: Array<{ route: Route; status: number; message: string }>;
  /** The slowest answer of each route, in ms: what a leader's death costs a request (reported, not asserted). */
  slowestMs: Partial<Record<Route, number>>;
}

/** The plugin's OkHttp timeout: an answer later than this is one the plugin never saw. */
const PLUGIN_TIMEOUT_MS = 10_000;

function pluginTarget(baseUrl: string): RequestTarget {
  return {
    request: (path, init) =>
      fetch(baseUrl + path, { ...init, signal: AbortSignal.timeout(PLUGIN_TIMEOUT_MS) }),
  };
}

/** `acked` grows while the load runs; stop() resolves once every session's round in progress ended. */
function startLoad(sessions: PluginUser[]): { acked: Acknowledged; stop(): Promise<Acknowledged> } {
  const acked: Acknowledged = {
    queryIds: [],
    shown: [],
    feedback: [],
    contextUpdates: 0,
    failures: [],
    slowestMs: {},
  };
  let stopping = false;
  /** The body of a 2xx answer; anything else (a status, no answer in time) is recorded as a failure. */
  const send = async <T>(plugin: PluginUser['plugin'], route: Route, path: string, body: unknown) => {
    const t0 = Date.now();
    try {
      const res = await plugin.call<T>('POST', path, body);
      acked.slowestMs[route] = Math.max(acked.slowestMs[route] ?? 0, Date.now() - t0);
      if (res.status >= 200 && res.status < 300) return res.body;
      acked.failures.push({ route, status: res.status, message: JSON.stringify(res.body) });
    } catch (err) {
      acked.failures.push({ route, status: 0, message: String(err) });
    }
    return undefined;
  };
  const session = async ({ plugin }: PluginUser, n: number): Promise<void> => {
    for (let round = 0; !stopping; round++) {
      const file = `src/f${n}.py`;
      const change = {
        change_type: 'insert',
        start_line: round,
        end_line: round,
        new_lines: [`x${round} = 1`],
      };
      const ctx = await send(plugin, 'context update', '/api/completion/multi-file-context/update', {
        context_updates: { [file]: [change] },
      });
      if (ctx !== undefined) acked.contextUpdates += 1;
      const res = await send<CompletionReply>(plugin, 'completion', '/api/completion/request', {
        model_ids: [MODEL],
        context: { prefix: `x = ${round}\ny = `, suffix: '\n', file_name: file, context_files: [file] },
        contextual_telemetry: { version_id: 3, trigger_type_id: 1, language_id: 47 },
        store_context: true,
        store_contextual_telemetry: true,
        store_behavioral_telemetry: false,
      });
      if (res === undefined) continue;
      const queryId = res.data.meta_query_id;
      acked.queryIds.push(queryId);
      // The model can miss its deadline while its worker moves to another server: then nothing was shown.
      if (!res.data.completions.some((c) => c.model_id === MODEL)) continue;
      acked.shown.push(queryId);
      const fb = await send(plugin, 'feedback', '/api/completion/feedback', {
        meta_query_id: queryId,
        model_id: MODEL,
        was_accepted: round % 2 === 0,
      });
      if (fb !== undefined) acked.feedback.push(queryId);
    }
  };
  const running = Promise.all(sessions.map((u, n) => session(u, n)));
  return {
    acked,
    async stop() {
      stopping = true;
      await running;
      return acked;
    },
  };
}

interface CompletionReply {
  data: { meta_query_id: string; completions: Array<{ model_id: number }> };
}

/** Waits until the load has had `count` more completions acknowledged: progress, not a timing. */
async function progress(acked: Acknowledged, count: number, timeoutMs = 30_000): Promise<void> {
  const from = acked.queryIds.length;
  await eventually(
    () => {
      const made = acked.queryIds.length - from;
      if (made < count)
        throw new Error(
          `only ${made} of ${count} completions so far; failures: ${JSON.stringify(acked.failures.slice(-5))}`,
        );
    },
    timeoutMs,
    50,
  );
}

async function streamLeader(): Promise<string> {
  const info = await nats.jsm.streams.info(env.config.streamName);
  const leader = info.cluster?.leader;
  if (!leader) throw new Error(`event stream ${env.config.streamName} has no leader`);
  return leader;
}

/** Rows of a table that belong to the given queries (or all of context_change, which only the load writes). */
async function countRows(
  table: 'meta_query' | 'had_generation' | 'failed_generation' | 'feedback' | 'context_change',
  ids: string[],
): Promise<number> {
  const { rows } =
    table === 'context_change'
      ? await sql<{ n: string }>`SELECT count(*) AS n FROM context_change`.execute(db)
      : await sql<{
          n: string;
        }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE meta_query_id = ANY(${ids})`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

function countBy(events: DomainEvent[], type: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events)
    if (e.type === type) counts.set(e.queryId ?? e.id, (counts.get(e.queryId ?? e.id) ?? 0) + 1);
  return counts;
}

async function killLeaderAndWaitForAnother(): Promise<string> {
  const leader = await streamLeader();
  await cluster.kill(leader);
  await eventually(async () => expect(await streamLeader()).not.toBe(leader), 30_000, 200);
  return leader;
}

/** Until the restarted node is a current replica again (it may still trail the load by a few events). */
async function waitUntilCurrent(node: string): Promise<void> {
  await eventually(
    async () => {
      const { cluster: at } = await nats.jsm.streams.info(env.config.streamName);
      const peer = at?.leader === node ? { current: true } : at?.replicas?.find((r) => r.name === node);
      expect(peer?.current, `${node} current`).toBe(true);
    },
    30_000,
    200,
  );
}

describe('the platform on a three-node NATS cluster', () => {
  it('keeps every acknowledged request exactly once while stream leaders are killed under load', async () => {
    const info = await nats.jsm.streams.info(env.config.streamName);
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas?.length).toBe(2);
    const kv = await nats.jsm.streams.info(`KV_${env.config.natsPrefix}_context`);
    expect(kv.config.num_replicas).toBe(3);
    const consumer = await nats.jsm.consumers.info(env.config.streamName, `proj_${readModels[0]!.name}`);
    expect(consumer.cluster?.replicas?.length).toBe(2);

    const load = startLoad(users);
    stopLoad = () => load.stop();
    await progress(load.acked, 20);
    // The leader dies; a new one is elected among the two left and the load goes on through it.
    const first = await killLeaderAndWaitForAnother();
    await progress(load.acked, 30);
    await cluster.restart(first);
    await waitUntilCurrent(first);
    // Now the restarted node is one of the two that must carry the stream.
    const second = await killLeaderAndWaitForAnother();
    expect(second).not.toBe(first);
    await progress(load.acked, 30);
    const acked = await load.stop();
    console.info(
      `cluster test: ${acked.queryIds.length} completions (${acked.shown.length} shown), ` +
        `${acked.feedback.length} feedback, ${acked.contextUpdates} context updates acknowledged, ` +
        `${acked.failures.length} not; slowest answers (ms): ${JSON.stringify(acked.slowestMs)}`,
    );
    // An append waits out the election of a new leader, so only the requests that were waiting when an
    // election outlasted the append's deadline fail, each a 5xx, never a hang. nats-server 2.9's elections take
    // 4-9 s (not configurable), so a kill costs a session one or two requests: a few percent of the run.
    for (const f of acked.failures) expect(f.status, JSON.stringify(f)).toBeGreaterThanOrEqual(500);
    const answered =
      acked.queryIds.length + acked.feedback.length + acked.contextUpdates + acked.failures.length;
    expect(acked.failures.length, JSON.stringify(acked.failures)).toBeLessThanOrEqual(
      Math.ceil(answered / 10),
    );

    // 2xx answers = events: each acknowledged request's events exactly once. A failed request may have left
    // an event behind (its answer, not its append, was lost), at most one per failure.
    // Reading creates a consumer, which waits for the JetStream meta leader: it too may have been killed.
    const events = await eventually(() => readStreamEvents(nats, env.config.streamName), 30_000, 500);
    expect(new Set(events.map((e) => e.id)).size, 'every event id once in the stream').toBe(events.length);
    const failed = (route: Route) => acked.failures.filter((f) => f.route === route).length;
    expectOnceEach(countBy(events, 'completion.requested'), acked.queryIds, failed('completion'));
    expectOnceEach(countBy(events, 'completion.generated'), acked.queryIds, failed('completion'));
    expectOnceEach(countBy(events, 'completion.shown'), acked.shown, failed('completion'));
    expectOnceEach(countBy(events, 'completion.feedback'), acked.feedback, failed('feedback'));
    const contextEvents = events.filter((e) => e.type === 'context.updated').length;
    expect(contextEvents - acked.contextUpdates).toBeGreaterThanOrEqual(0);
    expect(contextEvents - acked.contextUpdates).toBeLessThanOrEqual(failed('context update'));

    // = rows, once every read model reached the stream's end.
    const last = (await nats.jsm.streams.info(env.config.streamName)).state.last_seq;
    await eventually(async () => {
      for (const m of readModels)
        expect(await readCheckpoint(db, m.name), m.name).toBeGreaterThanOrEqual(last);
    }, 30_000);
    const deadLetters = await sql<{
      reason: string;
    }>`SELECT reason FROM projection_dead_letter`.execute(db);
    expect(deadLetters.rows).toEqual([]);
    expect(await countRows('meta_query', acked.queryIds), 'meta_query').toBe(acked.queryIds.length);
    expect(await countRows('had_generation', acked.shown), 'had_generation').toBe(acked.shown.length);
    const notShown = acked.queryIds.filter((q) => !acked.shown.includes(q));
    expect(await countRows('failed_generation', notShown), 'failed_generation').toBe(notShown.length);
    // A failed feedback call may have left its event behind (above): its row is there too, as events = rows.
    const ackedQueries = new Set(acked.queryIds);
    const feedbackEvents = [...countBy(events, 'completion.feedback')]
      .filter(([queryId]) => ackedQueries.has(queryId))
      .reduce((n, [, count]) => n + count, 0);
    expect(await countRows('feedback', acked.queryIds), 'feedback').toBe(feedbackEvents);
    expect(await countRows('context_change', []), 'context_change').toBe(contextEvents);

    // The node that was killed first and restarted holds every event itself.
    await eventually(
      async () => {
        const local = await cluster.localStreamState(first, env.config.streamName);
        expect(local).toMatchObject({ last_seq: last, messages: events.length });
      },
      30_000,
      200,
    );
  }, 180_000);
});

/** Each acknowledged id exactly once; any other id once too, and no more of them than requests failed. */
function expectOnceEach(found: Map<string, number>, acked: string[], failures: number): void {
  const ackedSet = new Set(acked);
  for (const id of acked) expect(found.get(id) ?? 0, `events of ${id}`).toBe(1);
  const others = [...found].filter(([id]) => !ackedSet.has(id));
  for (const [id, n] of others) expect(n, `events of unacknowledged ${id}`).toBe(1);
  expect(others.length).toBeLessThanOrEqual(failures);
}
