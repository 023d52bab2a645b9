// Issue 11: account erasure as a durable job. A row is written before the first step and names only the
// (pseudonymous) user id, the scope and how far the job got, never an e-mail, a name or any content; a retry or
// the api role's start finishes an unfinished one. `projection_erased_user` is the projections' own record of
// the user.erased events they passed (user id → its stream sequence), so an event of that user appended after
// it (a straggler) is never projected, by the live runner or a rebuild. Frozen in time.

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('erasure')
    .addColumn('erasure_id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('delete_data', 'boolean', (c) => c.notNull())
    // The last step done (erase-user.ts); 'done' once every step ran.
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    // Stream sequence of the job's user.erased event, once appended.
    .addColumn('erased_seq', 'bigint')
    .addColumn('purged_events', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  // One unfinished erasure per user: a second DELETE, or a sweeper, finishes that one.
  await db.schema
    .createIndex('uq_erasure_open_user')
    .on('erasure')
    .column('user_id')
    .unique()
    .where(sql.ref('finished_at'), 'is', null)
    .execute();
  await db.schema
    .createTable('projection_erased_user')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey())
    .addColumn('erased_seq', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('projection_erased_user').ifExists().execute();
  await db.schema.dropTable('erasure').ifExists().execute();
}
