// Entry point of the api role: opens the connections, builds the deps, serves the Hono app on node:http.
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import { createDb } from '../platform/db.js';
import { createRedis } from '../platform/redis.js';
import { createNats } from '../platform/nats.js';
import { systemClock } from '../platform/clock.js';
import { createEventPublisher } from '../bus/event-publisher.js';
import { createFencedPublisher } from '../bus/fenced-publisher.js';
import { createFenceWatch } from '../auth/index.js';
import { ensureEventStream } from '../bus/ensure-stream.js';
import { maxEventBytesOf } from '../bus/event-size.js';
import { createNatsInferenceClient } from '../bus/nats-inference-client.js';
import { loadModelRegistry } from '../inference/model-registry.js';
import { createLiveContextStore } from '../context/index.js';
import { createUserEventPurger, ensureDefaultConfig, ensureModelNames } from '../accounts/index.js';
import { createNatsChangeFeed } from '../analytics/index.js';
import {
  createObservability,
  ensureEventMetrics,
  ensureModelMetrics,
  natsReadiness,
  postgresReadiness,
  redisReadiness,
  withAppendCounts,
  withModelMetrics,
  type Observability,
} from '../observability/index.js';
import { createApp } from './app.js';
import type { ApiDeps } from './deps.js';

export interface RunningApi {
  port: number;
  deps: ApiDeps;
  close(): Promise<void>;
}

/** `observability`: the process's registry and readiness checks, shared with its other roles (a new one if absent). */
export async function startApiServer(
  config: Config,
  logger: Logger,
  observability: Observability = createObservability(),
): Promise<RunningApi> {
  const db = createDb(config.databaseUrl, 10, (err) =>
    logger.warn({ err }, 'an idle PostgreSQL connection was closed; the pool opens a new one'),
  );
  const redis = createRedis(config.redisUrl, config.redisPrefix);
  const nats = await createNats(config.natsUrl, 'code4me-api');
  await ensureEventStream(nats.jsm, config.streamName, config.natsPrefix, {
    replicas: config.streamReplicas,
    logger,
  });
  const registry = loadModelRegistry(config.modelRegistryFile);
  await ensureModelNames(db, registry);
  await ensureDefaultConfig(db, registry, { googleClientId: config.googleClientIds[0] });
  for (const check of [
    natsReadiness('api', nats.nc),
    postgresReadiness('api', db),
    redisReadiness('api', redis),
  ])
    observability.addReadinessCheck(check);
  const metricsRegistry = observability.registry;
  // Appends of a user whose erasure began are refused (src/bus/fenced-publisher.ts), checked against this
  // process's fence watch (in memory while it is live); the erasure appends unfenced.
  const fence = createFenceWatch(redis, logger);
  const publisher = withAppendCounts(
    createEventPublisher(nats.js, config.natsPrefix),
    ensureEventMetrics(metricsRegistry),
  );
  const deps: ApiDeps = {
    config,
    db,
    redis,
    publisher: createFencedPublisher(publisher, fence.fencedUsers),
    erasurePublisher: publisher,
    inference: withModelMetrics(
      createNatsInferenceClient(nats.nc, config.natsPrefix),
      ensureModelMetrics(metricsRegistry),
    ),
    registry,
    contextStore: await createLiveContextStore({
      redis,
      nc: nats.nc,
      prefix: config.natsPrefix,
      replicas: config.streamReplicas,
    }),
    clock: systemClock,
    logger,
    purgeUserEvents: createUserEventPurger(nats.jsm, config.streamName, config.natsPrefix),
    maxEventBytes: maxEventBytesOf(nats.nc),
    jetstream: { js: nats.js, jsm: nats.jsm },
    analyticsChanges: createNatsChangeFeed(nats.nc, config.natsPrefix),
    observability,
  };
  const app = createApp(deps);
  const server = await listen(app.fetch, config);
  const port = addressPort(server, config.port);
  logger.info({ port }, `plugin API listening on http://${config.host}:${port}`);
  return {
    port,
    deps,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await nats.nc.drain();
      fence.close();
      redis.disconnect();
      await db.destroy();
    },
  };
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], config: Config): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(server));
    server.once('error', reject);
  });
}

function addressPort(server: ServerType, fallback: number): number {
  const addr = server.address();
  return addr && typeof addr === 'object' ? addr.port : fallback;
}
