// The platform as the dataset tests need it, on the real services of a TestEnv: the API app (no port, or
// served on one for tests that cut connections), an inference worker with deterministic test models, every
// projection running, and helpers that make plugin traffic through the real plugin routes.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createApiToken, setUserRole } from '../../src/accounts/index.js';
import { createApp, type App } from '../../src/api/app.js';
import type { ApiDeps } from '../../src/api/deps.js';
import { createNatsInferenceClient } from '../../src/bus/nats-inference-client.js';
import { createLiveContextStore } from '../../src/context/index.js';
import { createBackend } from '../../src/inference/backends/create-backend.js';
import { ModelRegistrySchema } from '../../src/inference/model-registry.js';
import { createInferenceWorker, type InferenceWorker } from '../../src/inference/worker/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { createDb } from '../../src/platform/db.js';
import { natsConnectOptions } from '../../src/platform/nats.js';
import { createRedis } from '../../src/platform/redis.js';
import {
  createProjectionWorkers,
  projectionPoolSize,
  readCheckpoint,
  readModels,
  type ProjectionWorkers,
} from '../../projections/index.js';
import type { Config } from '../../src/platform/config.js';
import { createTestApiDeps, type TestApiDeps } from './api-deps.js';
import { eventually } from './eventually.js';
import { PluginClient, type RequestTarget } from './plugin-client.js';
import { testModelEntry } from './test-models.js';
import { createTestEnv, type TestEnv } from './test-env.js';

/** The test models: an echo model, one that always fails, one that reports no confidence. */
export const MODELS = { echo: 1, failing: 2, silent: 3 } as const;

const registry = ModelRegistrySchema.parse({
  models: [
    testModelEntry(MODELS.echo, 'echo-model', 'echo'),
    testModelEntry(MODELS.failing, 'failing-model', 'fail'),
    testModelEntry(MODELS.silent, 'silent-model', 'echo:no-confidence'),
  ],
});

export interface ResearchPlatform {
  env: TestEnv;
  api: TestApiDeps;
  app: App;
  /** Resolves with the stream's last sequence once every read model has applied it. */
  caughtUp(): Promise<number>;
  /** The app on a real port (for clients that disconnect); closed with the platform. */
  listen(): Promise<string>;
  /** Stops the projection workers (the read models fall behind the stream) and starts them again. */
  stopProjections(): Promise<void>;
  startProjections(): void;
  close(): Promise<void>;
}

export async function startResearchPlatform(
  /** `env`: run on this (already migrated) environment, e.g. a bench's seeded one, and leave it to its owner. */
  opts: { config?: Partial<Config>; deps?: Partial<ApiDeps>; env?: TestEnv } = {},
): Promise<ResearchPlatform> {
  const env =
    opts.env ?? (await createTestEnv({ overrides: { rateLimitPerMinute: 1_000_000, ...opts.config } }));
  const nc: NatsConnection = await connect(natsConnectOptions(env.config.natsUrl, 'research-platform'));
  const redis = createRedis(env.config.redisUrl, env.config.redisPrefix);
  const worker: InferenceWorker = await createInferenceWorker({
    nc,
    prefix: env.config.natsPrefix,
    backends: new Map(registry.models.map((m) => [m.id, createBackend(m)])),
    logger: createLogger('silent'),
  });
  const api = await createTestApiDeps(env, {
    redis,
    registry,
    inference: createNatsInferenceClient(nc, env.config.natsPrefix),
    contextStore: await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix }),
    ...opts.deps,
  });
  // The projections role's own pool, as in its own process: its runners hold a connection each for their lock.
  const projectionsDb = createDb(env.config.databaseUrl, projectionPoolSize());
  const workers = (): ProjectionWorkers =>
    createProjectionWorkers({
      db: projectionsDb,
      nats: api.nats,
      config: env.config,
      logger: createLogger('silent'),
      tuning: { retryDelayMs: 50, standbyPollMs: 50 },
    });
  let projections: ProjectionWorkers | null = workers();
  projections.start();
  const app = createApp(api.deps);
  const servers: ServerType[] = [];
  return {
    env,
    api,
    app,
    caughtUp: () => caughtUp(api),
    listen: async () => {
      const server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      servers.push(server);
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stopProjections: async () => {
      await projections?.stop();
      projections = null;
    },
    startProjections: () => {
      projections ??= workers();
      projections.start();
    },
    close: async () => {
      for (const s of servers) await new Promise((resolve) => s.close(resolve));
      await projections?.stop();
      await projectionsDb.destroy();
      await worker.close();
      await api.close();
      await nc.close();
      if (!opts.env) await env.cleanup();
    },
  };
}

async function caughtUp(api: TestApiDeps): Promise<number> {
  const last = (await api.nats.jsm.streams.info(api.deps.config.streamName)).state.last_seq;
  await eventually(async () => {
    for (const m of readModels) {
      const at = await readCheckpoint(api.deps.db, m.name);
      if (at < last) throw new Error(`read model ${m.name} is at ${at}, not ${last}`);
    }
  }, 20_000);
  return last;
}

/** The password of every account signUpWithPassword makes (the dashboard's browser tests sign in with it). */
export const PASSWORD = 'Research-Passw0rd';

/** POST /api/user/create: a password account named after the email's local part, on config 1. */
export async function signUpWithPassword(plugin: PluginClient, email: string): Promise<{ user_id: string }> {
  return plugin.ok<{ user_id: string }>('POST', '/api/user/create', {
    email,
    name: email.split('@')[0],
    password: PASSWORD,
    config_id: 1,
    token: '',
    provider: 'no_provider',
  });
}

export interface PluginUser {
  plugin: PluginClient;
  userId: string;
  projectId: string;
  sessionId: string;
}

/** Signs up, logs in, sets the preference, acquires a session and creates (activates) a project. */
export async function signUpPlugin(
  target: RequestTarget,
  email: string,
  preference: Record<string, boolean> = {},
): Promise<PluginUser> {
  const plugin = new PluginClient(target);
  const created = await signUpWithPassword(plugin, email);
  await plugin.ok('POST', '/api/user/authenticate', {
    email,
    password: PASSWORD,
    provider: 'no_provider',
    token: '',
  });
  if (Object.keys(preference).length > 0) await plugin.ok('PUT', '/api/user/update', { preference });
  const session = await plugin.ok<{ session_token: string }>('GET', '/api/session/acquire');
  const project = await plugin.ok<{ project_token: string }>('POST', '/api/project/create', {
    project_name: 'research',
  });
  await plugin.ok('PUT', '/api/project/activate', { project_id: project.project_token });
  return {
    plugin,
    userId: created.user_id,
    projectId: project.project_token,
    sessionId: session.session_token,
  };
}

/**
 * A researcher (signed up through the plugin routes, then given the role): the headers that authorize a
 * request with their API token (`authorization: Bearer <secret>`).
 */
export async function createResearcher(
  platform: ResearchPlatform,
  email: string,
): Promise<Record<string, string>> {
  const { user_id: userId } = await signUpWithPassword(new PluginClient(platform.app), email);
  const deps = platform.api.deps;
  await setUserRole(deps, userId, 'researcher', 'test');
  const { secret } = await createApiToken(deps, { userId, name: 'datasets test', correlationId: 'test' });
  return { authorization: `Bearer ${secret}` };
}

export interface CompletionAsk {
  models: number[];
  prefix: string;
  suffix?: string;
  triggerTypeId?: number;
  languageId?: number;
  storeContext?: boolean;
  storeTelemetry?: boolean;
  contextFiles?: string[];
}

/** One completion request; resolves with its query id. */
export async function askCompletion(user: PluginUser, ask: CompletionAsk): Promise<string> {
  const telemetry = ask.storeTelemetry ?? true;
  const res = await user.plugin.ok<{ data: { meta_query_id: string } }>('POST', '/api/completion/request', {
    model_ids: ask.models,
    context: {
      prefix: ask.prefix,
      suffix: ask.suffix ?? '\n',
      file_name: 'main.py',
      context_files: ask.contextFiles ?? [],
    },
    contextual_telemetry: {
      version_id: 3,
      trigger_type_id: ask.triggerTypeId ?? 1,
      language_id: ask.languageId ?? 47,
      file_path: '/src/main.py',
      caret_line: 4,
      document_char_length: 120,
      relative_document_position: 0.25,
    },
    behavioral_telemetry: { time_since_last_shown: 1200, time_since_last_accepted: 0, typing_speed: 4 },
    store_context: ask.storeContext ?? false,
    store_contextual_telemetry: telemetry,
    store_behavioral_telemetry: telemetry,
  });
  return res.data.meta_query_id;
}

export async function sendFeedback(
  user: PluginUser,
  queryId: string,
  modelId: number,
  accepted: boolean,
  groundTruth?: string,
): Promise<void> {
  await user.plugin.ok('POST', '/api/completion/feedback', {
    meta_query_id: queryId,
    model_id: modelId,
    was_accepted: accepted,
    ...(groundTruth === undefined ? {} : { ground_truth: groundTruth }),
  });
}
