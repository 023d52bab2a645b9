// The research read models, written only by projections from the event stream. Names keep the Python
// server's tables and columns so existing analysis scripts keep working. Foreign keys stay within one read
// model (sessions, queries, contexts): each model's consumer advances on its own. Frozen in time.

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await createSessions(db);
  await createQueryInputs(db);
  await createQueries(db);
  await createGenerations(db);
  await createContextChanges(db);
}

async function createSessions(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session')
    .addColumn('session_id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid')
    .addColumn('start_time', 'timestamptz', (c) => c.notNull())
    .addColumn('end_time', 'timestamptz')
    .execute();
  await db.schema.createIndex('session_user_id_idx').on('session').column('user_id').execute();
  await db.schema
    .createTable('session_projects')
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('session.session_id').onDelete('cascade'))
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_projects_pkey', ['session_id', 'project_id'])
    .execute();
  await db.schema
    .createIndex('session_projects_project_id_idx')
    .on('session_projects')
    .column('project_id')
    .execute();
}

async function createQueryInputs(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('context')
    .addColumn('context_id', 'uuid', (c) => c.primaryKey())
    .addColumn('prefix', 'text')
    .addColumn('suffix', 'text')
    .addColumn('file_name', 'text')
    .addColumn('selected_text', 'text')
    .execute();
  await db.schema
    .createTable('contextual_telemetry')
    .addColumn('contextual_telemetry_id', 'uuid', (c) => c.primaryKey())
    .addColumn('version_id', 'bigint', (c) => c.notNull())
    .addColumn('trigger_type_id', 'bigint', (c) => c.notNull())
    .addColumn('language_id', 'bigint', (c) => c.notNull())
    .addColumn('file_path', 'text')
    .addColumn('caret_line', 'integer')
    .addColumn('document_char_length', 'integer')
    .addColumn('relative_document_position', 'double precision')
    .execute();
  for (const column of ['version_id', 'trigger_type_id', 'language_id']) {
    await db.schema
      .createIndex(`contextual_telemetry_${column}_idx`)
      .on('contextual_telemetry')
      .column(column)
      .execute();
  }
  await db.schema
    .createTable('behavioral_telemetry')
    .addColumn('behavioral_telemetry_id', 'uuid', (c) => c.primaryKey())
    .addColumn('time_since_last_shown', 'bigint')
    .addColumn('time_since_last_accepted', 'bigint')
    .addColumn('typing_speed', 'double precision')
    .execute();
}

async function createQueries(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meta_query')
    .addColumn('meta_query_id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid')
    .addColumn('contextual_telemetry_id', 'uuid', (c) =>
      c.references('contextual_telemetry.contextual_telemetry_id'),
    )
    .addColumn('behavioral_telemetry_id', 'uuid', (c) =>
      c.references('behavioral_telemetry.behavioral_telemetry_id'),
    )
    .addColumn('context_id', 'uuid', (c) => c.references('context.context_id'))
    .addColumn('session_id', 'uuid', (c) => c.notNull())
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('multi_file_context_changes_indexes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('timestamp', 'timestamptz', (c) => c.notNull())
    .addColumn('total_serving_time', 'integer')
    .addColumn('server_version_id', 'bigint')
    .addColumn('query_type', 'varchar(16)', (c) =>
      c.notNull().check(sql`query_type IN ('chat', 'completion')`),
    )
    .execute();
  for (const column of ['user_id', 'project_id', 'session_id', 'query_type', 'timestamp']) {
    await db.schema.createIndex(`meta_query_${column}_idx`).on('meta_query').column(column).execute();
  }
  await db.schema
    .createIndex('meta_query_timestamp_query_type_idx')
    .on('meta_query')
    .columns(['timestamp', 'query_type'])
    .execute();
  await db.schema
    .createTable('completion_query')
    .addColumn('meta_query_id', 'uuid', (c) =>
      c.primaryKey().references('meta_query.meta_query_id').onDelete('cascade'),
    )
    .execute();
}

async function createGenerations(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('had_generation')
    .addColumn('meta_query_id', 'uuid', (c) =>
      c.notNull().references('meta_query.meta_query_id').onDelete('cascade'),
    )
    .addColumn('model_id', 'bigint', (c) => c.notNull())
    .addColumn('completion', 'text', (c) => c.notNull())
    .addColumn('generation_time', 'integer', (c) => c.notNull())
    .addColumn('shown_at', sql`timestamptz[]`, (c) => c.notNull())
    .addColumn('was_accepted', 'boolean', (c) => c.notNull())
    .addColumn('confidence', 'double precision', (c) => c.notNull())
    .addColumn('logprobs', sql`double precision[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint('had_generation_pkey', ['meta_query_id', 'model_id'])
    .execute();
  for (const column of ['model_id', 'was_accepted', 'confidence']) {
    await db.schema.createIndex(`had_generation_${column}_idx`).on('had_generation').column(column).execute();
  }
  await db.schema
    .createTable('failed_generation')
    .addColumn('meta_query_id', 'uuid', (c) =>
      c.notNull().references('meta_query.meta_query_id').onDelete('cascade'),
    )
    .addColumn('model_id', 'bigint', (c) => c.notNull())
    .addColumn('error_code', 'text', (c) => c.notNull())
    .addColumn('error_message', 'text', (c) => c.notNull())
    .addColumn('generation_time', 'integer', (c) => c.notNull())
    .addColumn('failed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('failed_generation_pkey', ['meta_query_id', 'model_id'])
    .execute();
  await db.schema
    .createIndex('failed_generation_model_id_idx')
    .on('failed_generation')
    .column('model_id')
    .execute();
  await db.schema
    .createTable('ground_truth')
    .addColumn('completion_query_id', 'uuid', (c) =>
      c.notNull().references('completion_query.meta_query_id').onDelete('cascade'),
    )
    .addColumn('truth_timestamp', 'timestamptz', (c) => c.notNull())
    .addColumn('ground_truth', 'text', (c) => c.notNull())
    .addColumn('model_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ground_truth_pkey', ['completion_query_id', 'truth_timestamp', 'model_id'])
    .execute();
  await db.schema
    .createTable('feedback')
    .addColumn('event_id', 'uuid', (c) => c.primaryKey())
    .addColumn('meta_query_id', 'uuid', (c) =>
      c.notNull().references('meta_query.meta_query_id').onDelete('cascade'),
    )
    .addColumn('model_id', 'bigint', (c) => c.notNull())
    .addColumn('was_accepted', 'boolean', (c) => c.notNull())
    .addColumn('ground_truth', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feedback_meta_query_id_model_id_idx')
    .on('feedback')
    .columns(['meta_query_id', 'model_id'])
    .execute();
  await db.schema.createIndex('feedback_received_at_idx').on('feedback').column('received_at').execute();
}

async function createContextChanges(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('context_change')
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('session_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid')
    .addColumn('file_path', 'text', (c) => c.notNull())
    .addColumn('changes', 'jsonb')
    .addColumn('line_count', 'integer', (c) => c.notNull())
    .addColumn('change_count', 'integer', (c) => c.notNull())
    .addColumn('stored', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('context_change_pkey', ['event_id', 'file_path'])
    .execute();
  await db.schema
    .createIndex('context_change_project_file_idx')
    .on('context_change')
    .columns(['project_id', 'file_path', 'updated_at'])
    .execute();
  await db.schema.createIndex('context_change_user_id_idx').on('context_change').column('user_id').execute();
  await db.schema
    .createIndex('context_change_session_id_idx')
    .on('context_change')
    .column('session_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'context_change',
    'feedback',
    'ground_truth',
    'failed_generation',
    'had_generation',
    'completion_query',
    'meta_query',
    'behavioral_telemetry',
    'contextual_telemetry',
    'context',
    'session_projects',
    'session',
  ];
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
