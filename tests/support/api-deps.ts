// Full ApiDeps for integration and end-to-end tests on the real services of a TestEnv: PostgreSQL (migrated,
// config 1 and model names ensured), Redis, NATS with the event stream. Inference and the live context store
// are inert fakes unless given in `overrides`.
import type { ApiDeps } from '../../src/api/deps.js';
import type { InferenceClient } from '../../src/bus/inference-client.js';
import type { LiveContextStore } from '../../src/context/live-context-store.js';
import { createDb } from '../../src/platform/db.js';
import { createRedis } from '../../src/platform/redis.js';
import { createNats, type Nats } from '../../src/platform/nats.js';
import { createLogger } from '../../src/platform/logger.js';
import { systemClock } from '../../src/platform/clock.js';
import { ensureEventStream } from '../../src/bus/ensure-stream.js';
import { createEventPublisher } from '../../src/bus/event-publisher.js';
import { createFencedPublisher } from '../../src/bus/fenced-publisher.js';
import { createFenceWatch } from '../../src/auth/index.js';
import { maxEventBytesOf } from '../../src/bus/event-size.js';
import { loadModelRegistry } from '../../src/inference/model-registry.js';
import { createUserEventPurger, ensureDefaultConfig, ensureModelNames } from '../../src/accounts/index.js';
import { createNatsChangeFeed } from '../../src/analytics/index.js';
import type { TestEnv } from './test-env.js';

export interface TestApiDeps {
  deps: ApiDeps;
  /** The NATS handles the deps use (read events back with readStreamEvents). */
  nats: Nats;
  close(): Promise<void>;
}

/** An inference client with no workers: every model fails at once. */
export const noInference: InferenceClient = {
  complete: async () => ({
    ok: false,
    error: { code: 'no_worker', message: 'no inference in this test' },
    elapsedMs: 0,
  }),
};

/** A context store that keeps nothing (its updates are still recorded). */
export const noContextStore: LiveContextStore = {
  update: async (_projectId, _updates, record) => {
    const result = { files: {}, summary: {} };
    await record(result);
    return result;
  },
  erase: async () => 0,
  read: async () => ({}),
  snapshot: async () => ({}),
  changeCounts: async () => ({}),
};

export async function createTestApiDeps(
  env: TestEnv,
  overrides: Partial<ApiDeps> = {},
): Promise<TestApiDeps> {
  const config = overrides.config ?? env.config;
  const db = overrides.db ?? createDb(config.databaseUrl, 4);
  const redis = overrides.redis ?? createRedis(config.redisUrl, config.redisPrefix);
  const nats = await createNats(config.natsUrl, 'code4me-test-api');
  await ensureEventStream(nats.jsm, config.streamName, config.natsPrefix);
  const registry = overrides.registry ?? loadModelRegistry(config.modelRegistryFile);
  await ensureModelNames(db, registry);
  await ensureDefaultConfig(db, registry);
  // Appends of a user whose erasure began are refused (src/bus/fenced-publisher.ts), checked against a fence
  // watch as in src/api/server.ts; the erasure appends unfenced.
  const fence = createFenceWatch(redis, createLogger('silent'));
  const publisher = createEventPublisher(nats.js, config.natsPrefix);
  const deps: ApiDeps = {
    config,
    db,
    redis,
    publisher: createFencedPublisher(publisher, fence.fencedUsers),
    erasurePublisher: publisher,
    inference: noInference,
    registry,
    contextStore: noContextStore,
    clock: systemClock,
    logger: createLogger('silent'),
    purgeUserEvents: createUserEventPurger(nats.jsm, config.streamName, config.natsPrefix),
    maxEventBytes: maxEventBytesOf(nats.nc),
    jetstream: { js: nats.js, jsm: nats.jsm },
    analyticsChanges: createNatsChangeFeed(nats.nc, config.natsPrefix),
    ...overrides,
  };
  return {
    deps,
    nats,
    close: async () => {
      fence.close();
      await deleteKeysWithPrefix(redis, config.redisPrefix);
      redis.disconnect();
      await nats.nc.close();
      await db.destroy();
    },
  };
}

async function deleteKeysWithPrefix(redis: ApiDeps['redis'], prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    // SCAN returns full names; DEL would prefix them again, so strip the prefix first.
    if (keys.length > 0) await redis.del(...keys.map((k) => k.slice(prefix.length)));
  } while (cursor !== '0');
}
