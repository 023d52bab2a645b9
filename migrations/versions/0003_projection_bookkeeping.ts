// Projection bookkeeping: each read model's position in the stream (advanced in the same transaction as
// its rows) and the messages it could not use, with the reason. Frozen in time.

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projection_checkpoint')
    .addColumn('projection', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('projection_dead_letter')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('projection', 'text', (c) => c.notNull())
    .addColumn('stream_seq', 'bigint', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('payload', 'bytea', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A message dead-lettered again (replay, rebuild) is recorded once.
    .addUniqueConstraint('projection_dead_letter_projection_seq_key', ['projection', 'stream_seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('projection_dead_letter').ifExists().execute();
  await db.schema.dropTable('projection_checkpoint').ifExists().execute();
}
