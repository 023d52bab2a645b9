// Issue 8's completion facts in the read models: the user's config and the plugin version per query, each
// generation's tokens, serving time, model revision and parameters, no made-up confidence (nullable), the
// context files a request sent to the model, and why a context update's changes were not kept. Frozen in time.

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('meta_query')
    .addColumn('config_id', 'bigint')
    .addColumn('plugin_version_id', 'bigint')
    .execute();
  await db.schema.createIndex('meta_query_config_id_idx').on('meta_query').column('config_id').execute();
  await db.schema
    .alterTable('had_generation')
    .alterColumn('confidence', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('had_generation')
    .addColumn('tokens', sql`text[]`)
    .addColumn('serving_time', 'integer')
    .addColumn('model_revision', 'text')
    .addColumn('generation_parameters', 'jsonb')
    .execute();
  await db.schema
    .alterTable('failed_generation')
    .addColumn('serving_time', 'integer')
    .addColumn('generation_parameters', 'jsonb')
    .execute();
  await db.schema
    .createTable('query_context_file')
    .addColumn('meta_query_id', 'uuid', (c) =>
      c.notNull().references('meta_query.meta_query_id').onDelete('cascade'),
    )
    .addColumn('file_path', 'text', (c) => c.notNull())
    .addColumn('change_count', 'integer', (c) => c.notNull())
    .addColumn('lines', 'jsonb')
    .addColumn('omitted', 'text')
    .addPrimaryKeyConstraint('query_context_file_pkey', ['meta_query_id', 'file_path'])
    .execute();
  await db.schema.alterTable('context_change').addColumn('changes_omitted', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('context_change').dropColumn('changes_omitted').execute();
  await db.schema.dropTable('query_context_file').ifExists().execute();
  await db.schema
    .alterTable('failed_generation')
    .dropColumn('serving_time')
    .dropColumn('generation_parameters')
    .execute();
  await db.schema
    .alterTable('had_generation')
    .dropColumn('tokens')
    .dropColumn('serving_time')
    .dropColumn('model_revision')
    .dropColumn('generation_parameters')
    .execute();
  // Read models are rebuilt from the stream; the old schema has no way to say "no confidence".
  await sql`UPDATE had_generation SET confidence = 0 WHERE confidence IS NULL`.execute(db);
  await db.schema
    .alterTable('had_generation')
    .alterColumn('confidence', (c) => c.setNotNull())
    .execute();
  await db.schema.dropIndex('meta_query_config_id_idx').ifExists().execute();
  await db.schema.alterTable('meta_query').dropColumn('config_id').dropColumn('plugin_version_id').execute();
}
