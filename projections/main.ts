// Entry point running only the projection workers: `npx tsx projections/main.ts [--batch-size N]`. Reads
// the configuration from the environment; SIGTERM/SIGINT stop after the batch in progress.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/platform/config.js';
import { createDb } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import { createNats } from '../src/platform/nats.js';
import { createProjectionWorkers } from './projection-workers.js';
import { projectionPoolSize } from './read-models.js';

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'projections');
  const batchFlag = argv.indexOf('--batch-size');
  const batchSize = batchFlag >= 0 ? Number(argv[batchFlag + 1]) : undefined;
  const db = createDb(config.databaseUrl, projectionPoolSize());
  const nats = await createNats(config.natsUrl, 'code4me-projections');
  const workers = createProjectionWorkers({ db, nats, config, logger, tuning: { batchSize } });
  workers.start();
  logger.info('projection workers started');
  const shutdown = async (): Promise<void> => {
    await workers.stop();
    await nats.nc.drain();
    await db.destroy();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shutdown().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
