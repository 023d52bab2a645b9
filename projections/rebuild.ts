// Rebuilds read models from the stream: `npx tsx projections/rebuild.ts <readModel|all>`. Stop the
// projections role first (a running worker holds the read model's lock and the rebuild is refused).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/platform/config.js';
import { createDb } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import { createNats } from '../src/platform/nats.js';
import { rebuildReadModel } from './projection-workers.js';
import { findReadModel, readModels } from './read-models.js';

async function main(target: string | undefined): Promise<void> {
  const names = readModels.map((m) => m.name);
  const selected = target === 'all' ? [...readModels] : [target && findReadModel(target)].filter((m) => !!m);
  if (selected.length === 0) {
    console.error(`usage: npx tsx projections/rebuild.ts <${[...names, 'all'].join('|')}>`);
    process.exit(2);
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'rebuild');
  const db = createDb(config.databaseUrl);
  const nats = await createNats(config.natsUrl, 'code4me-rebuild');
  try {
    for (const readModel of selected) {
      const started = Date.now();
      const { lastSeq } = await rebuildReadModel({ db, nats, config, logger, readModel });
      console.log(`rebuilt ${readModel.name} up to stream sequence ${lastSeq} in ${Date.now() - started} ms`);
    }
  } finally {
    await nats.nc.drain();
    await db.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv[2]).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
