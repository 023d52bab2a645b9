// Runs the Kysely migrations in this folder: `npm run migrate` (latest) or `npm run migrate -- down`.
// Migrations are frozen in time: they use Kysely<any> and import nothing of the project.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';
import pg from 'pg';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'versions');

/** `migrationTableSchema` keeps Kysely's bookkeeping tables in that schema (rebuilds migrate shadow schemas). */
export function createMigrator(db: Kysely<any>, opts: { migrationTableSchema?: string } = {}): Migrator {
  return new Migrator({ db, provider: folderProvider, ...opts });
}

// Kysely's FileMigrationProvider imports from inside node_modules, where a test runner's TypeScript loader
// does not reach; importing here lets tsx and vitest both load the .ts migrations.
const folderProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of (await fs.readdir(folder)).sort()) {
      if (!/\.(ts|js|mjs)$/.test(file) || file.endsWith('.d.ts') || /\.test\.[jt]s$/.test(file)) continue;
      const mod = (await import(pathToFileURL(path.join(folder, file)).href)) as Partial<Migration>;
      if (typeof mod.up === 'function') migrations[file.replace(/\.[^.]+$/, '')] = mod as Migration;
    }
    return migrations;
  },
};

/** Creates the database if it does not exist, then migrates it to the latest version. */
export async function migrateToLatest(databaseUrl: string): Promise<MigrationResultSet> {
  await ensureDatabase(databaseUrl);
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }),
  });
  try {
    const result = await createMigrator(db).migrateToLatest();
    if (result.error) throw result.error;
    return result;
  } finally {
    await db.destroy();
  }
}

export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (err) {
    // Two processes may race to create it; the loser sees "already exists".
    if (!/already exists/.test(String(err))) throw err;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/code4me';
  if (process.argv[2] === 'down') {
    const db = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    });
    const r = await createMigrator(db).migrateDown();
    await db.destroy();
    if (r.error) throw r.error;
    console.log(r.results?.map((m) => `${m.status} ${m.migrationName}`).join('\n') || 'nothing to undo');
    return;
  }
  const r = await migrateToLatest(url);
  console.log(r.results?.map((m) => `${m.status} ${m.migrationName}`).join('\n') || 'already at latest');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
