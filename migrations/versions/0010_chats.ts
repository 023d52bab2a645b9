// Issue 12's chats read model: the plugin's chats (`chat`, keyed by the plugin's own chat id), each turn
// (`chat_query`, one per request) and every model's answer to it (`chat_response`). Deleting a chat cascades.
// Frozen in time.

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('chat')
    .addColumn('chat_id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('stream_seq', 'bigint', (c) => c.notNull())
    .addColumn('title_seq', 'bigint')
    .execute();
  await db.schema
    .createIndex('chat_user_id_project_id_created_at_idx')
    .on('chat')
    .columns(['user_id', 'project_id', 'created_at'])
    .execute();
  await db.schema.createIndex('chat_stream_seq_idx').on('chat').column('stream_seq').execute();
  await db.schema
    .createTable('chat_query')
    .addColumn('meta_query_id', 'uuid', (c) => c.primaryKey())
    .addColumn('chat_id', 'uuid', (c) => c.notNull().references('chat.chat_id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('session_id', 'uuid', (c) => c.notNull())
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('user_message', 'text', (c) => c.notNull())
    .addColumn('system_prompt', 'text')
    .addColumn('prior_messages', 'integer', (c) => c.notNull())
    .addColumn('first_turn', 'boolean', (c) => c.notNull())
    .addColumn('context', 'jsonb')
    .addColumn('context_omitted', 'text')
    .addColumn('contextual_telemetry', 'jsonb')
    .addColumn('behavioral_telemetry', 'jsonb')
    .addColumn('store_context', 'boolean', (c) => c.notNull())
    .addColumn('store_contextual_telemetry', 'boolean', (c) => c.notNull())
    .addColumn('store_behavioral_telemetry', 'boolean', (c) => c.notNull())
    .addColumn('web_enabled', 'boolean', (c) => c.notNull())
    .addColumn('model_ids', sql`integer[]`, (c) => c.notNull())
    .addColumn('multi_file_context_changes_indexes', 'jsonb', (c) => c.notNull())
    .addColumn('server_version_id', 'integer', (c) => c.notNull())
    .addColumn('config_id', 'integer')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('stream_seq', 'bigint', (c) => c.notNull())
    .addColumn('answered_seq', 'bigint')
    .execute();
  await db.schema.createIndex('chat_query_chat_id_idx').on('chat_query').column('chat_id').execute();
  await db.schema.createIndex('chat_query_stream_seq_idx').on('chat_query').column('stream_seq').execute();
  await db.schema
    .createTable('chat_response')
    .addColumn('meta_query_id', 'uuid', (c) =>
      c.notNull().references('chat_query.meta_query_id').onDelete('cascade'),
    )
    .addColumn('model_id', 'integer', (c) => c.notNull())
    .addColumn('chat_id', 'uuid', (c) => c.notNull())
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('ok', 'failed')`))
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('model_title', 'text')
    .addColumn('generation_time', 'integer', (c) => c.notNull())
    .addColumn('serving_time', 'integer', (c) => c.notNull())
    .addColumn('model_revision', 'text')
    .addColumn('generation_parameters', 'jsonb', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('stream_seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_response_pkey', ['meta_query_id', 'model_id'])
    .execute();
  await db.schema.createIndex('chat_response_chat_id_idx').on('chat_response').column('chat_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('chat_response').ifExists().execute();
  await db.schema.dropTable('chat_query').ifExists().execute();
  await db.schema.dropTable('chat').ifExists().execute();
}
