// PostgreSQL through Kysely. Only entry points call createDb; everything else receives the instance. The
// dialect has pg-cursor, so `.stream(n)` reads large results a batch at a time (the datasets' downloads).
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database } from './db-schema.js';

export type Db = Kysely<Database>;

// int8 (bigint) ids and counts fit in a JS number for our data; parse them as numbers, not strings.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * An idle pooled connection that the server closes (a restart, a terminated backend) makes the pool emit
 * 'error'; unheard, that would crash the process, while the pool has already dropped the connection and the
 * next query opens a new one. `onIdleError` hears it (entry points log it).
 */
export function createDb(
  databaseUrl: string,
  maxConnections = 10,
  onIdleError: (err: Error) => void = () => undefined,
): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections });
  pool.on('error', onIdleError);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
}
