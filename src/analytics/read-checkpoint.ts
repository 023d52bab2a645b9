// The analytics read model's checkpoint (asOfSeq of every answer) and a read-only snapshot in which the
// checkpoint and the aggregates are read together, so an answer's numbers are exactly as of asOfSeq.
import type { Db } from '../platform/db.js';

export const ANALYTICS_READ_MODEL = 'analytics';

export async function readAnalyticsSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('projection_checkpoint')
    .select('last_seq')
    .where('projection', '=', ANALYTICS_READ_MODEL)
    .executeTakeFirst();
  return row ? Number(row.last_seq) : 0;
}

/** Runs `read` in a repeatable-read, read-only transaction and returns its value with the checkpoint. */
export async function readAsOf<T>(
  db: Db,
  read: (db: Db) => Promise<T>,
): Promise<{ asOfSeq: number; value: T }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const asOfSeq = await readAnalyticsSeq(trx);
      return { asOfSeq, value: await read(trx) };
    });
}
