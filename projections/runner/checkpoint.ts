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

/** Reads the checkpoint and locks its row until the transaction ends. */
export async function lockCheckpoint(trx: Trx, projection: string): Promise<number> {
  const row = await trx
    .selectFrom('projection_checkpoint')
    .select('last_seq')
    .where('projection', '=', projection)
    .forUpdate()
    .executeTakeFirst();
  return row ? Number(row.last_seq) : 0;
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
