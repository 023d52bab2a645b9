// PostgreSQL through Kysely. Only entry points call createDb; everything else receives the instance.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './db-schema.js';

export type Db = Kysely<Database>;

// int8 (bigint) ids and counts fit in a JS number for our data; parse them as numbers, not strings.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function createDb(databaseUrl: string, maxConnections = 10): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
