// A shadow schema per read model and run, `c4m_rebuild_<read model>_<run id>`, built by the project's own
// migrations so that it has exactly the live tables, indexes and constraint names (even when the live
// tables are gone), keeping only the read model's tables and its own checkpoint and dead-letter tables.
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createMigrator } from '../../migrations/migrate.js';
import { createDb, type Db } from '../../src/platform/db.js';
import type { Logger } from '../../src/platform/logger.js';
import type { ReadModel } from '../runner/index.js';
import { RebuildRefusedError } from './rebuild-errors.js';

/** A read model's shadow schema and a Kysely instance whose search_path reaches it first. */
export interface Shadow {
  readModel: ReadModel;
  schema: string;
  db: Db;
  databaseUrl: string;
}

const PREFIX = 'c4m_rebuild_';
/** The shadow keeps these besides the read model's tables: the projector's bookkeeping goes there too. */
export const BOOKKEEPING_TABLES = ['projection_checkpoint', 'projection_dead_letter'] as const;

/** A run id of fixed length and alphabet, so one read model's schemas never match another's pattern. */
export function newRunId(): string {
  return (BigInt(`0x${randomBytes(8).toString('hex')}`) % 36n ** 12n).toString(36).padStart(12, '0');
}

export function shadowSchemaName(readModel: string, runId: string): string {
  return `${PREFIX}${readModel}_${runId}`;
}

/** Where the swap moves the live tables out to, until they are dropped. */
export function oldSchemaName(shadowSchema: string): string {
  return `${shadowSchema}_old`;
}

export function isRebuildSchemaOf(schema: string, readModel: string): boolean {
  const escaped = readModel.replace(/[^a-z0-9_]/g, '\\$&');
  return new RegExp(`^${PREFIX}${escaped}_[0-9a-z]{12}(_old)?$`).test(schema);
}

/** A database URL whose connections resolve unqualified names in `searchPath` first. */
export function withSearchPath(databaseUrl: string, searchPath: readonly string[]): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${searchPath.join(',')}`);
  return url.toString();
}

/**
 * Drops the schemas of earlier runs of `readModel`. Only call it holding the read model's rebuild lock:
 * then no live run owns any of them.
 */
export async function dropLeftoverSchemas(db: Db, readModel: string, logger: Logger): Promise<string[]> {
  const schemas = await sql<{ nspname: string }>`
    SELECT nspname FROM pg_namespace WHERE nspname LIKE ${`${PREFIX}%`}`.execute(db);
  const leftovers = schemas.rows.map((r) => r.nspname).filter((s) => isRebuildSchemaOf(s, readModel));
  for (const schema of leftovers) {
    await dropSchema(db, schema);
    logger.info({ schema }, 'dropped the shadow schema of an earlier rebuild that did not finish');
  }
  return leftovers;
}

export async function dropSchema(db: Db, schema: string): Promise<void> {
  await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
}

/** Creates the shadow schema of `readModel` and migrates it; it then holds only what the rebuild writes. */
export async function createShadowSchema(
  databaseUrl: string,
  readModel: ReadModel,
  schema: string,
): Promise<void> {
  const migrationDb = new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: withSearchPath(databaseUrl, [schema]), max: 1 }),
    }),
  });
  try {
    await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(migrationDb);
    const migrated = await createMigrator(migrationDb, { migrationTableSchema: schema }).migrateToLatest();
    const failed: unknown = migrated.error;
    if (failed instanceof Error) throw failed;
    if (failed !== undefined) throw new Error(`migration failed: ${JSON.stringify(failed)}`);
    await keepOnlyReadModelTables(migrationDb, readModel, schema);
    await refuseUnsupportedObjects(migrationDb, readModel, schema);
  } finally {
    await migrationDb.destroy();
  }
}

async function keepOnlyReadModelTables(
  db: Kysely<unknown>,
  readModel: ReadModel,
  schema: string,
): Promise<void> {
  const keep = new Set<string>([...readModel.tables, ...BOOKKEEPING_TABLES]);
  const views = await sql<{ name: string }>`
    SELECT relname AS name FROM pg_class
    WHERE relnamespace = to_regnamespace(${schema}) AND relkind IN ('v', 'm')`.execute(db);
  for (const { name } of views.rows)
    await sql`DROP VIEW IF EXISTS ${sql.id(schema, name)} CASCADE`.execute(db);
  const tables = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = ${schema}`.execute(db);
  const present = new Set(tables.rows.map((t) => t.name));
  const missing = [...keep].filter((t) => !present.has(t));
  if (missing.length > 0)
    throw new RebuildRefusedError(readModel.name, `the migrations create no table ${missing.join(', ')}`);
  const others = [...present].filter((t) => !keep.has(t));
  if (others.length === 0) return;
  try {
    // No CASCADE: a read model's foreign key to a table it does not own must stop the rebuild, not vanish.
    await sql`DROP TABLE ${sql.join(others.map((t) => sql.id(schema, t)))}`.execute(db);
  } catch (err) {
    if ((err as { code?: string }).code !== '2BP01') throw err;
    throw new RebuildRefusedError(
      readModel.name,
      `its tables depend on tables it does not own (${String(err)})`,
    );
  }
}

/**
 * After the swap the shadow schema is dropped with CASCADE; anything in it that the moved tables use
 * (an enum type, a function, a free sequence) would go with it, so such schemas are refused up front.
 */
async function refuseUnsupportedObjects(
  db: Kysely<unknown>,
  readModel: ReadModel,
  schema: string,
): Promise<void> {
  const found = await sql<{ object: string }>`
    SELECT 'type ' || t.typname AS object FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid
      WHERE t.typnamespace = to_regnamespace(${schema}) AND t.typcategory <> 'A'
        AND (c.oid IS NULL OR c.relkind = 'c')
    UNION ALL
    SELECT 'function ' || p.proname FROM pg_proc p WHERE p.pronamespace = to_regnamespace(${schema})
    UNION ALL
    SELECT 'sequence ' || s.relname FROM pg_class s
      WHERE s.relnamespace = to_regnamespace(${schema}) AND s.relkind = 'S'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
          AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))`.execute(
    db,
  );
  if (found.rows.length > 0) {
    const objects = found.rows.map((r) => r.object).join(', ');
    throw new RebuildRefusedError(
      readModel.name,
      `its migrations create objects besides tables (${objects})`,
    );
  }
}

/** The shadow as the projectors see it: unqualified names reach the shadow first, then public. */
export function createShadowDb(databaseUrl: string, schema: string, maxConnections = 3): Db {
  return createDb(withSearchPath(databaseUrl, [schema, 'public']), maxConnections);
}

/** One connection to the shadow (search_path shadow, public), for a bulk fold's COPY. */
export async function connectToShadow(databaseUrl: string, schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: withSearchPath(databaseUrl, [schema, 'public']) });
  await client.connect();
  return client;
}
