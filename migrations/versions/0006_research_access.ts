// Research access: a user's role (user | researcher | admin) in place of the admin flag, which stays as a
// column computed from the role so that its readers (the plugin's ResponseUser) keep working, and the
// researchers' API tokens, stored as hashes only. Frozen in time.

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('user')
    // PostgreSQL names the column's check user_role_check.
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .defaultTo('user')
        .check(sql`role IN ('user', 'researcher', 'admin')`),
    )
    .execute();
  await sql`UPDATE "user" SET role = 'admin' WHERE is_admin`.execute(db);
  // A generated column cannot be written, so nothing can make the flag and the role disagree.
  await db.schema.alterTable('user').dropColumn('is_admin').execute();
  await db.schema
    .alterTable('user')
    .addColumn('is_admin', 'boolean', (c) =>
      c
        .notNull()
        .generatedAlwaysAs(sql`role = 'admin'`)
        .stored(),
    )
    .execute();

  await db.schema
    .createTable('api_token')
    .addColumn('token_id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('user.user_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Hex SHA-256 of the secret; requests are matched by it, so the secret itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_token_user_id_idx').on('api_token').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_token').ifExists().execute();
  await db.schema.alterTable('user').dropColumn('is_admin').execute();
  await db.schema
    .alterTable('user')
    .addColumn('is_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  // The old schema has no researchers: they go back to plain users.
  await sql`UPDATE "user" SET is_admin = (role = 'admin')`.execute(db);
  await db.schema.alterTable('user').dropColumn('role').execute();
}
