// DELETE /api/user/delete?delete_data=true on the real platform (API, inference, every projection): requests
// of the user raced against the erasure, an event that slips past the fence, and erasures cut short by a
// failing step; afterwards the stream, every table (read models, aggregates, dead letters, projects), every
// dataset, a replay, a rebuild and Redis / NATS KV hold nothing of the user.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeEvent,
  encodeEvent,
  eventSubject,
  makeEvent,
  typeOfToken,
  type DomainEvent,
} from '../../events/index.js';
import { readStreamRange } from '../../src/bus/read-stream-range.js';
import { readModels } from '../../projections/index.js';
import { rebuildReadModels } from '../../projections/rebuild/index.js';
import { v7 as uuidv7 } from 'uuid';
import {
  createUserEventPurger,
  purgeErasureStragglers,
  resumeErasures,
  type PurgeUserEvents,
} from '../../src/accounts/index.js';
import { erasurePortsOf } from '../../src/api/erasure-ports.js';
import type { InferenceClient } from '../../src/bus/inference-client.js';
import { createNatsInferenceClient } from '../../src/bus/nats-inference-client.js';
import { saveChatRecord } from '../../src/chat/chat-record.js';
import { datasetNames } from '../../src/datasets/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { parseEventSlice, selectEvents } from '../../src/replay/index.js';
import { eventually } from '../support/eventually.js';
import { PluginClient } from '../support/plugin-client.js';
import {
  askCompletion,
  createResearcher,
  MODELS,
  sendFeedback,
  signUpPlugin,
  startResearchPlatform,
  type PluginUser,
  type ResearchPlatform,
} from '../support/research-platform.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
let nc: NatsConnection;
let platform: ResearchPlatform;
let researcher: Record<string, string>;
let bob: PluginUser;
/** The purge port the API uses; a test swaps in one that fails (our own interface, PurgeUserEvents). */
let purge: PurgeUserEvents;
let realPurge: PurgeUserEvents;

/** The test models answer at once; a slower model keeps completions in flight while the erasure begins. */
function slowed(inner: InferenceClient, ms: number): InferenceClient {
  return {
    complete: async (...args) => {
      await new Promise((r) => setTimeout(r, ms));
      return inner.complete(...args);
    },
  };
}

beforeAll(async () => {
  env = await createTestEnv({ overrides: { rateLimitPerMinute: 1_000_000 } });
  nc = await connect({ servers: env.config.natsUrl });
  platform = await startResearchPlatform({
    env,
    deps: {
      inference: slowed(createNatsInferenceClient(nc, env.config.natsPrefix), 100),
      purgeUserEvents: (req) => purge(req),
    },
  });
  realPurge = createUserEventPurger(platform.api.nats.jsm, env.config.streamName, env.config.natsPrefix);
  purge = realPurge;
  researcher = await createResearcher(platform, 'rosalind@example.org');
  bob = await signUpPlugin(platform.app, 'bob@example.org', { store_context: true });
  const q = await askCompletion(bob, { models: [MODELS.echo], prefix: 'bob_code = 1', storeContext: true });
  await sendFeedback(bob, q, MODELS.echo, true, 'bob_code = 2');
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await nc?.close();
  await env?.cleanup();
});

const deps = () => platform.api.deps;

/** A user with context, completions, feedback, ground truth, a chat record and a dead letter, all projected. */
async function aUserWithData(name: string): Promise<{ user: PluginUser; marker: string; queryId: string }> {
  const marker = `${name.toUpperCase()}_SECRET_${Date.now().toString(36)}`;
  const user = await signUpPlugin(platform.app, `${name}@example.org`, { store_context: true });
  await user.plugin.ok('POST', '/api/completion/multi-file-context/update', {
    context_updates: {
      'util.py': [{ change_type: 'insert', start_line: 0, end_line: 0, new_lines: [`${marker} = 1`] }],
    },
  });
  const queryId = await askCompletion(user, {
    models: [MODELS.echo, MODELS.failing],
    prefix: `print(${marker})`,
    storeContext: true,
    contextFiles: ['util.py'],
  });
  await sendFeedback(user, queryId, MODELS.echo, true, `${marker} + 1`);
  await saveChatRecord(deps().redis, uuidv7(), {
    userId: user.userId,
    projectId: user.projectId,
    title: `${marker} chat`,
  });
  // A message no read model can decode, on the user's subject: every read model dead-letters its raw bytes.
  await platform.api.nats.js.publish(
    eventSubject(env.config.natsPrefix, 'completion.requested', user.userId),
    new TextEncoder().encode(`{"broken": "${marker}"}`),
  );
  await platform.caughtUp();
  expect(await rowsMentioning([user.userId, marker])).not.toEqual([]);
  return { user, marker, queryId };
}

/** A copy of the user's cookies: a second plugin window, or requests already sent. */
function sameCookies(user: PluginUser): PluginClient {
  const client = new PluginClient(platform.app);
  for (const [k, v] of user.plugin.jar) client.jar.set(k, v);
  return client;
}

/** Public tables (and the projection bookkeeping) whose rows mention any of the needles, as table: count. */
async function rowsMentioning(needles: string[], schema = 'public'): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = ${schema}
      AND tablename NOT IN ('erasure', 'projection_erased_user', 'kysely_migration', 'kysely_migration_lock')`.execute(
    deps().db,
  );
  const found: string[] = [];
  for (const { name } of tables.rows) {
    for (const needle of needles) {
      const hex = Buffer.from(needle).toString('hex');
      const { rows } = await sql<{ n: string }>`
        SELECT count(*) AS n FROM ${sql.id(schema, name)} AS r
        WHERE r::text LIKE ${`%${needle}%`} OR r::text LIKE ${`%${hex}%`}`.execute(deps().db);
      if (Number(rows[0]!.n) > 0) found.push(`${name}: ${rows[0]!.n} (${needle})`);
    }
  }
  return found;
}

/** The types of the user's messages in the stream, by their subjects (undecodable ones too). */
async function streamTypesOf(userId: string): Promise<string[]> {
  const { state } = await platform.api.nats.jsm.streams.info(env.config.streamName);
  const range = { from: 1, to: state.last_seq, filter: `${env.config.natsPrefix}.evt.*.${userId}` };
  const types: string[] = [];
  for await (const batch of readStreamRange(platform.api.nats.js, env.config.streamName, range))
    for (const m of batch) types.push(typeOfToken(m.subject.split('.')[2] ?? '') ?? m.subject);
  return types;
}

async function firstDecodable(filter: string): Promise<DomainEvent> {
  const { state } = await platform.api.nats.jsm.streams.info(env.config.streamName);
  for await (const batch of readStreamRange(platform.api.nats.js, env.config.streamName, {
    from: 1,
    to: state.last_seq,
    filter,
  }))
    for (const m of batch) {
      try {
        return decodeEvent(m.data);
      } catch {
        // the dead letter's bytes
      }
    }
  throw new Error(`no decodable event on ${filter}`);
}

async function datasetsMentioning(needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of datasetNames()) {
    const res = await platform.app.request(`/api/datasets/${name}?format=ndjson`, { headers: researcher });
    expect(res.status, `${name}: ${res.status}`).toBe(200);
    // The events dataset replays user.erased too: the erasure's record, which names the user id alone.
    const lines = (await res.text()).split('\n').filter((l) => l && !l.includes('"user.erased"'));
    for (const n of needles) if (lines.some((l) => l.includes(n))) found.push(`${name} (${n})`);
  }
  return found;
}

async function replayedOf(userId: string, marker: string): Promise<DomainEvent[]> {
  const selection = await selectEvents(
    platform.api.nats.js,
    env.config.streamName,
    env.config.natsPrefix,
    parseEventSlice({}),
    { onUndecodable: 'skip' },
  );
  const events: DomainEvent[] = [];
  for await (const { event } of selection)
    if (event.userId === userId || JSON.stringify(event).includes(marker)) events.push(event);
  return events;
}

async function redisKeysMentioning(needles: string[]): Promise<string[]> {
  const prefix = env.config.redisPrefix;
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await deps().redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const full of keys) {
      const key = full.slice(prefix.length);
      // The fence, its list of fenced users and the token that may resume the erasure hold the user id only,
      // until they expire.
      if (key.startsWith('erasing_user:') || key.startsWith('erasing_auth:') || key === 'erasing_users')
        continue;
      const type = await deps().redis.type(key);
      const value =
        type === 'string'
          ? await deps().redis.get(key)
          : type === 'hash'
            ? JSON.stringify(await deps().redis.hgetall(key))
            : type === 'set'
              ? JSON.stringify(await deps().redis.smembers(key))
              : type === 'zset'
                ? JSON.stringify(await deps().redis.zrange(key, '0', '-1'))
                : '';
      for (const n of needles) if (key.includes(n) || (value ?? '').includes(n)) found.push(key);
    }
  } while (cursor !== '0');
  return found;
}

async function contextKvKeys(projectId: string): Promise<string[]> {
  const kv = await new Kvm(nc).open(`${env.config.natsPrefix}_context`);
  const keys: string[] = [];
  for await (const k of await kv.keys(`${projectId}.*`)) {
    const entry = await kv.get(k);
    if (entry?.operation === 'PUT') keys.push(k);
  }
  return keys;
}

/** Everything the erasure must leave empty, checked together. */
async function expectNothingOf(user: PluginUser, marker: string, email: string): Promise<void> {
  const needles = [user.userId, marker, email];
  expect(await streamTypesOf(user.userId)).toEqual(['user.erased']);
  expect(await rowsMentioning(needles)).toEqual([]);
  expect(await datasetsMentioning(needles)).toEqual([]);
  expect((await replayedOf(user.userId, marker)).map((e) => e.type)).toEqual(['user.erased']);
  expect(await redisKeysMentioning(needles)).toEqual([]);
  expect(await contextKvKeys(user.projectId)).toEqual([]);
}

/** `c4m rebuild all`, swapping the rebuilt tables in. */
async function rebuildAll(): Promise<void> {
  await rebuildReadModels({
    db: deps().db,
    nats: platform.api.nats,
    config: env.config,
    logger: createLogger('silent'),
    readModels,
    mode: 'swap',
  });
}

describe('erasure raced by the user’s own requests', () => {
  it('refuses what comes in after the fence, and leaves nothing in stream, tables, datasets, replay, rebuild, Redis or KV', async () => {
    const { user, marker, queryId } = await aUserWithData('alice');
    const racer = sameCookies(user);
    const statuses: number[] = [];
    let erased = false;
    const requests = [
      () =>
        racer.call('POST', '/api/completion/request', {
          model_ids: [MODELS.echo],
          context: { prefix: `x = ${marker}`, suffix: '', file_name: 'a.py', context_files: [] },
          contextual_telemetry: { version_id: 3, trigger_type_id: 1, language_id: 47 },
          behavioral_telemetry: { time_since_last_shown: 0, time_since_last_accepted: 0, typing_speed: 1 },
          store_context: true,
          store_contextual_telemetry: true,
          store_behavioral_telemetry: true,
        }),
      // A delayed ground truth for a query from before the erasure.
      () =>
        racer.call('POST', '/api/completion/feedback', {
          meta_query_id: queryId,
          model_id: MODELS.echo,
          was_accepted: true,
          ground_truth: `${marker} late`,
        }),
      () =>
        racer.call('POST', '/api/completion/multi-file-context/update', {
          context_updates: {
            'util.py': [
              { change_type: 'insert', start_line: 0, end_line: 0, new_lines: [`${marker} again`] },
            ],
          },
        }),
    ];
    const loop = async (send: () => Promise<{ status: number }>) => {
      for (let after = 0; after < 3; after += erased ? 1 : 0) statuses.push((await send()).status);
    };
    const racing = [...requests, ...requests].map(loop);
    await eventually(() => expect(statuses.length).toBeGreaterThanOrEqual(6));
    const deleted = await sameCookies(user).call('DELETE', '/api/user/delete?delete_data=true');
    erased = true;
    await Promise.all(racing);
    expect(deleted.status).toBe(200);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.some((s) => s < 300)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(requests.length * 2 * 2);

    await platform.caughtUp();
    await expectNothingOf(user, marker, 'alice@example.org');
    // Bob keeps everything, and the aggregates count only what is left.
    expect((await rowsMentioning([bob.userId])).length).toBeGreaterThan(0);
    const generated = await sql<{ n: string; rows: string }>`
      SELECT (SELECT coalesce(sum(generated), 0) FROM analytics_all_daily) AS n,
             (SELECT count(*) FROM had_generation) AS rows`.execute(deps().db);
    expect(Number(generated.rows[0]!.n)).toBe(Number(generated.rows[0]!.rows));

    await rebuildAll();
    expect(await rowsMentioning([user.userId, marker])).toEqual([]);

    const record = await deps()
      .db.selectFrom('erasure')
      .selectAll()
      .where('user_id', '=', user.userId)
      .execute();
    expect(record.map((r) => [r.step, r.delete_data, r.finished_at !== null])).toEqual([
      ['done', true, true],
    ]);
    expect(JSON.stringify(record)).not.toMatch(/alice@|SECRET/);
  }, 120_000);

  it('never projects, rebuilds or replays an event that slipped past the fence, and the sweeper purges it', async () => {
    const { user, marker } = await aUserWithData('carol');
    const earlier = await firstDecodable(
      eventSubject(env.config.natsPrefix, 'completion.requested', user.userId),
    );
    await sameCookies(user).ok('DELETE', '/api/user/delete?delete_data=true');
    // A request that passed the fence check just before the fence was set, acknowledged after the job ended.
    const ids = { ...earlier, correlationId: 'late' };
    const straggler = makeEvent('completion.requested', ids, earlier.data as never);
    await platform.api.nats.js.publish(
      eventSubject(env.config.natsPrefix, straggler.type, user.userId),
      encodeEvent(straggler),
    );
    await platform.caughtUp();
    expect(await rowsMentioning([user.userId, marker])).toEqual([]);
    expect((await replayedOf(user.userId, marker)).map((e) => e.type)).toEqual(['user.erased']);
    await rebuildAll();
    expect(await rowsMentioning([user.userId, marker])).toEqual([]);
    expect(await streamTypesOf(user.userId)).toEqual(['user.erased', 'completion.requested']);
    await purgeErasureStragglers(deps(), erasurePortsOf(deps())!, 60_000);
    await expectNothingOf(user, marker, 'carol@example.org');
  }, 120_000);
});

describe('an erasure cut short', () => {
  /** A purge that throws at its `n`th call from now (1: the first stream purge; 2: the last, after the account row is gone). */
  function failingAt(n: number): void {
    let calls = 0;
    purge = async (req) => {
      calls += 1;
      if (calls === n) throw new Error('injected purge failure');
      return realPurge(req);
    };
  }

  it('answers 503 and is finished by a retry of the DELETE with the same cookies', async () => {
    const { user, marker } = await aUserWithData('dave');
    const client = sameCookies(user);
    failingAt(1);
    const first = await client.call('DELETE', '/api/user/delete?delete_data=true');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).not.toBeNull();
    expect(await streamTypesOf(user.userId)).toContain('completion.requested');
    // The fence came first: the user's tokens no longer open anything else.
    expect((await client.call('GET', '/api/user/get')).status).toBe(401);
    const again = sameCookies(user);
    const retry = await client.call('DELETE', '/api/user/delete?delete_data=true');
    expect(retry.status).toBe(200);
    await platform.caughtUp();
    await expectNothingOf(user, marker, 'dave@example.org');
    // A retry that never saw that answer (a second window with the same cookies) is answered as done, not 404.
    expect((await again.call('DELETE', '/api/user/delete?delete_data=true')).status).toBe(200);
  }, 120_000);

  it('is finished by the sweeper when it failed after the account row was deleted and nobody retries', async () => {
    const { user, marker } = await aUserWithData('erin');
    failingAt(2);
    const first = await sameCookies(user).call('DELETE', '/api/user/delete?delete_data=true');
    expect(first.status).toBe(503);
    expect(
      await deps().db.selectFrom('user').select('user_id').where('user_id', '=', user.userId).execute(),
    ).toEqual([]);
    const open = await deps()
      .db.selectFrom('erasure')
      .select('step')
      .where('user_id', '=', user.userId)
      .execute();
    expect(open).toEqual([{ step: 'account_deleted' }]);
    purge = realPurge;
    expect(await resumeErasures(deps(), erasurePortsOf(deps())!)).toBe(1);
    await platform.caughtUp();
    await expectNothingOf(user, marker, 'erin@example.org');
  }, 120_000);
});
