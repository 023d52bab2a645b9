// The accounts' transactional outbox: the events of an account change are written here in the same
// transaction as its rows and deleted once JetStream acknowledged them; a relay publishes what a crash left
// behind. Frozen in time.

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_outbox')
    // Publishing order: the events of one change, and the changes, go out in the order they were written.
    .addColumn('position', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('user_id', 'uuid')
    // The encoded event (the bytes that JetStream stores).
    .addColumn('payload', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_outbox').ifExists().execute();
}
