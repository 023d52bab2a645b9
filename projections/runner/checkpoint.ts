// A read model's position in the stream: the last stream sequence whose effects are committed. It is read
// and advanced inside the same transaction as the rows, so rows and position never disagree.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/platform/db-schema.js';
import type { Trx } from './read-model.js';

/** Last applied stream sequence (0 when the read model has applied nothing). */
export async function readCheckpoint(db: Kysely<Database>, projection: string): Promise<number> {
  const row = await db
    .selectFrom('projection_checkpoint')
    .select('last_seq')
    .where('projection', '=', projection)
    .executeTakeFirst();
  return row ? Number(row.last_seq) : 0;
}

/**
 * Reads the checkpoint and locks its row until the transaction ends, making the row when it is missing:
 * SELECT ... FOR UPDATE locks nothing that does not exist, so two transactions on a fresh read model would
 * both read 0 and both apply. An upsert that keeps the value locks the row in either case; a second
 * transaction waits for the first to end and then reads the checkpoint it committed.
 */
export async function lockCheckpoint(trx: Trx, projection: string): Promise<number> {
  const row = await trx
    .insertInto('projection_checkpoint')
    .values({ projection, last_seq: 0, updated_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc.column('projection').doUpdateSet({ last_seq: sql<number>`projection_checkpoint.last_seq` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/** The checkpoint with the time it was last written (null when the read model has no checkpoint row). */
export async function readCheckpointRow(
  db: Kysely<Database>,
  projection: string,
): Promise<{ seq: number; updatedAt: Date } | null> {
  const row = await db
    .selectFrom('projection_checkpoint')
    .select(['last_seq', 'updated_at'])
    .where('projection', '=', projection)
    .executeTakeFirst();
  return row ? { seq: Number(row.last_seq), updatedAt: new Date(row.updated_at) } : null;
}

export async function advanceCheckpoint(trx: Trx, projection: string, seq: number): Promise<void> {
  await trx
    .insertInto('projection_checkpoint')
    .values({ projection, last_seq: seq, updated_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc.column('projection').doUpdateSet({
        last_seq: sql<number>`GREATEST(projection_checkpoint.last_seq, excluded.last_seq)`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}
