// Streams one SELECT through a server-side cursor (pg-cursor), a fixed number of rows per batch, one batch
// read ahead, on one pooled connection held in a read-only REPEATABLE READ transaction: every batch comes from
// the same snapshot, and the connection goes back to the pool when the rows end, fail, or the consumer stops.
import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db.js';
import type { DatasetRow } from '../formats/index.js';

/**
 * The rows of `query` in batches of `batchSize` (the last one shorter). Nothing is taken from the pool until
 * the first batch is pulled.
 */
export async function* streamQueryRows(
  db: Db,
  query: RawBuilder<DatasetRow>,
  batchSize: number,
): AsyncGenerator<DatasetRow[]> {
  const trx = await db
    .startTransaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute();
  try {
    // JIT compiles the dataset queries' many expressions for seconds before the first row; the per-row work
    // is index lookups, which it does not speed up.
    await sql`SET LOCAL jit = off`.execute(trx);
    const compiled: CompiledQuery<DatasetRow> = query.compile(trx);
    const chunks = trx.getExecutor().stream(compiled, batchSize)[Symbol.asyncIterator]();
    // One batch ahead: PostgreSQL computes the next batch while this one is encoded and sent.
    let pending: Promise<IteratorResult<{ rows: DatasetRow[] }>> | null = chunks.next();
    try {
      for (;;) {
        const chunk = await pending;
        pending = null;
        if (chunk.done === true) break;
        pending = chunks.next();
        yield chunk.value.rows;
      }
    } finally {
      // Stopped early: the batch read ahead is let finish (its failure no longer matters), then the cursor closes.
      if (pending) await pending.catch(() => undefined);
      await chunks.return?.();
    }
  } finally {
    // Read-only: rolling back ends it as a commit would, and releases the connection.
    await trx.rollback().execute();
  }
}
