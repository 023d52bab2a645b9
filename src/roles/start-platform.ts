// Starts the chosen roles in one process: backing services first, then the schema and the stream, then the roles
// (api after the workers, so it takes traffic only when they are up; the ui, which calls it, last); close()
// stops them in reverse order. Every role records into one metrics registry of the process, served on the api's
// port, or on a metrics listener of its own where the process runs no api.
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import { createNats } from '../platform/nats.js';
import { ensureLocalServices } from '../platform/local-services.js';
import { ensureEventStream } from '../bus/ensure-stream.js';
import { migrateToLatest } from '../../migrations/migrate.js';
import {
  createObservability,
  startMetricsServer,
  type Observability,
  type RunningMetricsServer,
} from '../observability/index.js';
import { servicesFor, type RoleName, type RunningRole } from './roles.js';

export interface RunningPlatform {
  roles: RunningRole[];
  /** The metrics and health listener of a process without the api role (the api serves them otherwise). */
  metricsUrl?: string;
  close(): Promise<void>;
  /** For a forced exit: signals the services this process started to stop, without waiting. */
  abandon(): void;
}

// Loaded on demand, so a process runs only the code (and loads only the native modules) of its roles.
const ROLE_STARTERS: Record<
  RoleName,
  () => Promise<(config: Config, logger: Logger, observability: Observability) => Promise<RunningRole>>
> = {
  inference: async () => (await import('./start-inference.js')).startInferenceRole,
  projections: async () => (await import('./start-projections.js')).startProjectionsRole,
  api: async () => (await import('./start-api.js')).startApiRole,
  ui: async () => (await import('./start-ui.js')).startUiRole,
};
const START_ORDER: RoleName[] = ['inference', 'projections', 'api', 'ui'];

export async function startPlatform(
  roles: readonly RoleName[],
  config: Config,
  logger: Logger,
): Promise<RunningPlatform> {
  logger.info(`Code4me starting: ${roles.join(', ')}`);
  const services = await ensureLocalServices(config, servicesFor(roles), logger);
  const running: RunningRole[] = [];
  const observability = createObservability();
  let metrics: RunningMetricsServer | undefined;
  const close = async (): Promise<void> => {
    await metrics?.close();
    for (const role of [...running].reverse()) {
      logger.info(`stopping ${role.role}`);
      await role.close().catch((err: unknown) => logger.error({ err }, `${role.role} did not close cleanly`));
    }
    await services.stop();
  };
  try {
    await prepareSchemaAndStream(roles, config, logger);
    for (const role of START_ORDER.filter((r) => roles.includes(r))) {
      const start = await ROLE_STARTERS[role]();
      running.push(await start(withApiOfThisProcess(role, config, running), logger, observability));
    }
    const port = metricsPortOf(roles, config);
    if (port !== undefined)
      metrics = await startMetricsServer(observability, { host: config.host, port }, logger);
  } catch (err) {
    await close();
    throw err;
  }
  for (const role of running) logger.info(`${role.role}: ${role.description}`);
  logger.info(`Code4me is running (${roles.join(', ')}); press Ctrl-C to stop`);
  return {
    roles: running,
    ...(metrics ? { metricsUrl: metrics.url } : {}),
    close,
    abandon: () => services.signalStop(),
  };
}

/** A process without the api serves /metrics and /health on the port of its inference or projections role. */
function metricsPortOf(roles: readonly RoleName[], config: Config): number | undefined {
  if (roles.includes('api')) return undefined;
  if (roles.includes('inference')) return config.inferenceMetricsPort;
  if (roles.includes('projections')) return config.projectionsMetricsPort;
  return undefined;
}

/** The ui role calls the api role started beside it (whose port may have been 0) unless told another API. */
function withApiOfThisProcess(role: RoleName, config: Config, running: readonly RunningRole[]): Config {
  const api = running.find((r) => r.role === 'api')?.url;
  return role === 'ui' && !config.uiApiUrl && api ? { ...config, uiApiUrl: api } : config;
}

/** Migrations (Kysely's migration lock makes concurrent starts safe) and the event stream, both idempotent. */
async function prepareSchemaAndStream(
  roles: readonly RoleName[],
  config: Config,
  logger: Logger,
): Promise<void> {
  if (!roles.includes('api') && !roles.includes('projections')) return;
  const migrated = await migrateToLatest(config.databaseUrl);
  const applied = migrated.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
  logger.info(
    applied.length > 0 ? `database migrated: ${applied.join(', ')}` : 'database schema is up to date',
  );
  const nats = await createNats(config.natsUrl, 'code4me-setup');
  try {
    await ensureEventStream(nats.jsm, config.streamName, config.natsPrefix, {
      replicas: config.streamReplicas,
      logger,
      serverMaxPayload: nats.nc.info?.max_payload,
    });
    logger.info(`event stream ${config.streamName} ready (subjects ${config.natsPrefix}.evt.>)`);
  } finally {
    await nats.nc.close();
  }
}
