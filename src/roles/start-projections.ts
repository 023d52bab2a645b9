// The projections role: one durable consumer per read model, applying the event stream to PostgreSQL
// (projections/). This entry point opens the connections the workers receive.
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import { createDb, type Db } from '../platform/db.js';
import { createNats, type Nats } from '../platform/nats.js';
import {
  createProjectionWorkers,
  projectionPoolSize,
  readModels,
  readProjectionPositions,
} from '../../projections/index.js';
import {
  ensureProjectionPositionMetrics,
  ensureRunnerMetrics,
  natsReadiness,
  postgresReadiness,
  type Observability,
} from '../observability/index.js';
import type { RunningRole } from './roles.js';

export async function startProjectionsRole(
  config: Config,
  logger: Logger,
  observability?: Observability,
): Promise<RunningRole> {
  const db = createDb(config.databaseUrl, projectionPoolSize(), (err) =>
    logger.warn({ err }, 'an idle PostgreSQL connection was closed; the pool opens a new one'),
  );
  const nats = await createNats(config.natsUrl, 'code4me-projections');
  const workers = createProjectionWorkers({
    db,
    nats,
    config,
    logger: logger.child({ role: 'projections' }),
    ...(observability ? { metrics: ensureRunnerMetrics(observability.registry) } : {}),
  });
  if (observability) observe(observability, db, nats, config);
  workers.start();
  return {
    role: 'projections',
    description: `${readModels.length} read models (${readModels.map((m) => m.name).join(', ')}) from stream ${config.streamName}`,
    // stop() lets each runner commit its transaction in flight (rows and checkpoint together) before it returns.
    close: async () => {
      await workers.stop();
      await nats.nc.drain();
      await db.destroy();
    },
  };
}

function observe(observability: Observability, db: Db, nats: Nats, config: Pick<Config, 'streamName'>): void {
  observability.addReadinessCheck(natsReadiness('projections', nats.nc));
  observability.addReadinessCheck(postgresReadiness('projections', db));
  const names = readModels.map((m) => m.name);
  ensureProjectionPositionMetrics(observability.registry).readFrom(() =>
    readProjectionPositions(db, nats.jsm, config.streamName, names),
  );
}
