// Issue 9's row sequences: every research row records the stream sequence of the event that created it, and
// each later change of a row the sequence of the event that made it, so "the read model as of sequence N" is
// plain SQL (docs/data-dictionary.md). Rows written before this migration keep nulls until a rebuild. Frozen in time.

import type { Kysely } from 'kysely';

/** Every table a projection writes, each given `stream_seq`: the sequence of the event that created the row. */
const TABLES = [
  'session',
  'session_projects',
  'context',
  'contextual_telemetry',
  'behavioral_telemetry',
  'meta_query',
  'completion_query',
  'query_context_file',
  'had_generation',
  'failed_generation',
  'ground_truth',
  'feedback',
  'context_change',
];

/** Columns a later event changes, each with the sequence of the event that last set it. */
const CHANGE_COLUMNS: [table: string, column: string][] = [
  ['session', 'start_seq'],
  ['session', 'end_seq'],
  ['meta_query', 'request_seq'],
  ['had_generation', 'shown_seq'],
];

/** Where a dataset filters `stream_seq <= N`. */
const SEQ_INDEXES = ['session', 'meta_query', 'feedback', 'context_change'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).addColumn('stream_seq', 'bigint').execute();
  for (const [table, column] of CHANGE_COLUMNS)
    await db.schema.alterTable(table).addColumn(column, 'bigint').execute();
  for (const table of SEQ_INDEXES)
    await db.schema.createIndex(`${table}_stream_seq_idx`).on(table).column('stream_seq').execute();
  // A generation's acceptance as of N is its latest feedback with stream_seq <= N; this index also serves
  // every lookup the (meta_query_id, model_id) index it replaces did.
  await db.schema.dropIndex('feedback_meta_query_id_model_id_idx').execute();
  await db.schema
    .createIndex('feedback_meta_query_id_model_id_stream_seq_idx')
    .on('feedback')
    .columns(['meta_query_id', 'model_id', 'stream_seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('feedback_meta_query_id_model_id_stream_seq_idx').ifExists().execute();
  await db.schema
    .createIndex('feedback_meta_query_id_model_id_idx')
    .on('feedback')
    .columns(['meta_query_id', 'model_id'])
    .execute();
  for (const table of SEQ_INDEXES) await db.schema.dropIndex(`${table}_stream_seq_idx`).ifExists().execute();
  for (const [table, column] of CHANGE_COLUMNS)
    await db.schema.alterTable(table).dropColumn(column).execute();
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('stream_seq').execute();
}
