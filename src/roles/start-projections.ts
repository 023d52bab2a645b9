// The projections role: one durable consumer per read model, applying the event stream to PostgreSQL
// (projections/). This entry point opens the connections the workers receive.
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import { createDb } from '../platform/db.js';
import { createNats } from '../platform/nats.js';
import { createProjectionWorkers, projectionPoolSize, readModels } from '../../projections/index.js';
import type { RunningRole } from './roles.js';

export async function startProjectionsRole(config: Config, logger: Logger): Promise<RunningRole> {
  const db = createDb(config.databaseUrl, projectionPoolSize(), (err) =>
    logger.warn({ err }, 'an idle PostgreSQL connection was closed; the pool opens a new one'),
  );
  const nats = await createNats(config.natsUrl, 'code4me-projections');
  const workers = createProjectionWorkers({
    db,
    nats,
    config,
    logger: logger.child({ role: 'projections' }),
  });
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
