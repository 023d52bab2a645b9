// Opening and closing the shadows of one run: leftovers of dead runs dropped first (the caller holds the
// rebuild locks), then a migrated shadow schema and a connection pool per read model; at the end, swapped
// or not, the pools are closed and the run's schemas dropped.
import { sql } from 'kysely';
import type { Db } from '../../src/platform/db.js';
import type { Logger } from '../../src/platform/logger.js';
import type { ReadModel } from '../runner/index.js';
import {
  createShadowDb,
  createShadowSchema,
  dropLeftoverSchemas,
  dropSchema,
  newRunId,
  oldSchemaName,
  shadowSchemaName,
  type Shadow,
} from './shadow-schema.js';

export async function openShadows(
  db: Db,
  databaseUrl: string,
  readModels: readonly ReadModel[],
  logger: Logger,
): Promise<Shadow[]> {
  for (const readModel of readModels) await dropLeftoverSchemas(db, readModel.name, logger);
  const runId = newRunId();
  // Side by side: migrating a schema is mostly round trips, and each shadow has its own connection.
  const opened = await Promise.allSettled(readModels.map((m) => openShadow(db, databaseUrl, m, runId)));
  const shadows = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failed = opened.find((o) => o.status === 'rejected');
  if (failed) {
    await closeShadows(db, shadows, logger);
    throw failed.reason;
  }
  for (const s of shadows)
    logger.info({ readModel: s.readModel.name, schema: s.schema }, 'shadow schema created');
  return shadows;
}

async function openShadow(db: Db, databaseUrl: string, readModel: ReadModel, runId: string): Promise<Shadow> {
  const schema = shadowSchemaName(readModel.name, runId);
  try {
    await createShadowSchema(databaseUrl, readModel, schema);
  } catch (err) {
    await dropSchema(db, schema).catch(() => undefined);
    throw err;
  }
  return { readModel, schema, db: createShadowDb(databaseUrl, schema), databaseUrl };
}

/** Never throws: a schema it could not drop is dropped by the next rebuild of the read model. */
export async function closeShadows(db: Db, shadows: readonly Shadow[], logger: Logger): Promise<void> {
  for (const shadow of shadows) {
    try {
      await shadow.db.destroy();
      await dropSchema(db, shadow.schema);
      await dropSchema(db, oldSchemaName(shadow.schema));
    } catch (err) {
      logger.warn({ err, schema: shadow.schema }, 'could not drop the shadow schema; the next rebuild will');
    }
  }
}

/** Fresh tables have no statistics; without them the first queries after the swap plan badly. */
export async function analyzeShadow(shadow: Shadow): Promise<void> {
  for (const table of shadow.readModel.tables)
    await sql`ANALYZE ${sql.id(shadow.schema, table)}`.execute(shadow.db);
}
