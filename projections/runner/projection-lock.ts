// One active runner per read model across all processes: a PostgreSQL advisory lock held on a dedicated
// connection. Transactions check the lock is still theirs (pg_locks), so a runner whose lock connection
// died stops writing before another process takes over. Locks die with the holder's connection.
import { sql } from 'kysely';
import type { Db } from '../../src/platform/db.js';
import type { Trx } from './read-model.js';

/** First key of the two-key advisory lock: the projection namespace. */
const LOCK_CLASS = 0x0c4d;

export class ProjectionLockLostError extends Error {
  readonly code = 'projection_lock_lost' as const;
  constructor(projection: string) {
    super(`lost the lock of read model ${projection}`);
    this.name = 'ProjectionLockLostError';
  }
}

/** A stable 31-bit key for the read model's name. */
export function lockKey(projection: string): number {
  let h = 0x811c9dc5;
  for (const ch of projection) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x7fffffff;
}

/**
 * Runs `fn` while holding the read model's lock; returns false at once (without running it) when another
 * connection holds the lock. `fn` gets a guard to call inside its transactions.
 */
export async function withProjectionLock(
  db: Db,
  projection: string,
  fn: (guard: (trx: Trx) => Promise<void>) => Promise<void>,
): Promise<boolean> {
  const key = lockKey(projection);
  return db.connection().execute(async (conn) => {
    const got = await sql<{ locked: boolean; pid: number }>`
      SELECT pg_try_advisory_lock(${LOCK_CLASS}, ${key}) AS locked, pg_backend_pid() AS pid`.execute(conn);
    const row = got.rows[0];
    if (!row?.locked) return false;
    const guard = async (trx: Trx): Promise<void> => {
      const held = await sql<{ one: number }>`
        SELECT 1 AS one FROM pg_locks WHERE locktype = 'advisory' AND classid = ${LOCK_CLASS}
          AND objid = ${key} AND objsubid = 2 AND pid = ${row.pid} AND granted`.execute(trx);
      if (held.rows.length === 0) throw new ProjectionLockLostError(projection);
    };
    try {
      await fn(guard);
    } finally {
      await sql`SELECT pg_advisory_unlock(${LOCK_CLASS}, ${key})`.execute(conn).catch(() => undefined);
    }
    return true;
  });
}
