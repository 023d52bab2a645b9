// The queries read model's tables as a bulk fold keeps them: the column order of each COPY, one RowBuffer
// per table whose rows never change once written, and the order the tables are loaded in (parents before
// the rows whose foreign keys point at them).
import type { ClientBase } from 'pg';
import { copyRows } from '../bulk/copy-rows.js';
import type { CopyColumns, CopyKind } from '../bulk/copy-text.js';
import { RowBuffer } from '../bulk/row-buffer.js';
import type {
  BehavioralTelemetryRow,
  ContextRow,
  ContextualTelemetryRow,
  FailedGenerationRow,
  FeedbackRow,
  GroundTruthRow,
  HadGenerationRow,
  MetaQueryRow,
  QueryContextFileRow,
} from './query-rows.js';

export const CONTEXT_COLUMNS: CopyColumns<ContextRow> = [
  ['context_id', 'plain'],
  ['prefix', 'text'],
  ['suffix', 'text'],
  ['file_name', 'text'],
  ['selected_text', 'text'],
  ['stream_seq', 'int'],
];
export const CONTEXTUAL_COLUMNS: CopyColumns<ContextualTelemetryRow> = [
  ['contextual_telemetry_id', 'plain'],
  ['version_id', 'int'],
  ['trigger_type_id', 'int'],
  ['language_id', 'int'],
  ['file_path', 'text'],
  ['caret_line', 'int'],
  ['document_char_length', 'int'],
  ['relative_document_position', 'float'],
  ['stream_seq', 'int'],
];
export const BEHAVIORAL_COLUMNS: CopyColumns<BehavioralTelemetryRow> = [
  ['behavioral_telemetry_id', 'plain'],
  ['time_since_last_shown', 'int'],
  ['time_since_last_accepted', 'int'],
  ['typing_speed', 'float'],
  ['stream_seq', 'int'],
];
/** meta_query's user, session and project: shared by every query of a session, so kept once (interned). */
export const META_OWNER_COLUMNS: CopyColumns<MetaQueryRow> = [
  ['user_id', 'plain'],
  ['session_id', 'plain'],
  ['project_id', 'plain'],
];
/** The rest of meta_query but the 1:1 ids (the query's id or null), total_serving_time and stream_seq. */
export const META_REST_COLUMNS: CopyColumns<MetaQueryRow> = [
  ['multi_file_context_changes_indexes', 'json'],
  ['timestamp', 'plain'],
  ['server_version_id', 'int'],
  ['query_type', 'plain'],
  ['config_id', 'int'],
  ['plugin_version_id', 'int'],
  ['request_seq', 'int'],
];
const META_COLUMNS: readonly (readonly [string, CopyKind])[] = [
  ['meta_query_id', 'plain'],
  ...META_OWNER_COLUMNS,
  ...META_REST_COLUMNS,
  ['contextual_telemetry_id', 'plain'],
  ['behavioral_telemetry_id', 'plain'],
  ['context_id', 'plain'],
  ['total_serving_time', 'int'],
  ['stream_seq', 'int'],
];
/** was_accepted last: later feedback patches that one character in place; shown_at and shown_seq before it. */
export const HAD_GENERATION_COLUMNS: CopyColumns<HadGenerationRow> = [
  ['meta_query_id', 'plain'],
  ['model_id', 'int'],
  ['completion', 'text'],
  ['generation_time', 'int'],
  ['confidence', 'float'],
  ['logprobs', 'floats'],
  ['tokens', 'texts'],
  ['serving_time', 'int'],
  ['model_revision', 'text'],
  ['generation_parameters', 'json'],
  ['stream_seq', 'int'],
  ['shown_at', 'times'],
  ['shown_seq', 'int'],
  ['was_accepted', 'bool'],
];
/** Where shown_at and shown_seq are in a had_generation line (completion.shown rewrites them). */
export const SHOWN_AT_FIELD = HAD_GENERATION_COLUMNS.findIndex(([name]) => name === 'shown_at');
export const SHOWN_SEQ_FIELD = HAD_GENERATION_COLUMNS.findIndex(([name]) => name === 'shown_seq');
export const FAILED_GENERATION_COLUMNS: CopyColumns<FailedGenerationRow> = [
  ['meta_query_id', 'plain'],
  ['model_id', 'int'],
  ['error_code', 'text'],
  ['error_message', 'text'],
  ['generation_time', 'int'],
  ['failed_at', 'plain'],
  ['serving_time', 'int'],
  ['generation_parameters', 'json'],
  ['stream_seq', 'int'],
];
export const QUERY_CONTEXT_FILE_COLUMNS: CopyColumns<QueryContextFileRow> = [
  ['meta_query_id', 'plain'],
  ['file_path', 'text'],
  ['change_count', 'int'],
  ['lines', 'json'],
  ['omitted', 'plain'],
  ['stream_seq', 'int'],
];
export const FEEDBACK_COLUMNS: CopyColumns<FeedbackRow> = [
  ['event_id', 'plain'],
  ['meta_query_id', 'plain'],
  ['model_id', 'int'],
  ['was_accepted', 'bool'],
  ['ground_truth', 'text'],
  ['received_at', 'plain'],
  ['stream_seq', 'int'],
];
export const GROUND_TRUTH_COLUMNS: CopyColumns<GroundTruthRow> = [
  ['completion_query_id', 'plain'],
  ['truth_timestamp', 'plain'],
  ['ground_truth', 'text'],
  ['model_id', 'int'],
  ['stream_seq', 'int'],
];
/** completion_query is created with its meta_query row, by the same event. */
const COMPLETION_COLUMNS: readonly (readonly [string, CopyKind])[] = [
  ['meta_query_id', 'plain'],
  ['stream_seq', 'int'],
];

/** The tables whose rows are final once added (or deleted by an erasure). */
export class QueryRowBuffers {
  readonly context = new RowBuffer();
  readonly contextual = new RowBuffer();
  readonly behavioral = new RowBuffer();
  readonly contextFile = new RowBuffer();
  readonly hadGeneration = new RowBuffer();
  readonly failedGeneration = new RowBuffer();
  readonly feedback = new RowBuffer();
  readonly groundTruth = new RowBuffer();
}

/**
 * Loads every table in foreign-key order; `metaLines` and `completionLines` are the two tables the fold
 * keeps as records (meta_query changes as generations and requests arrive).
 */
export async function writeQueryTables(
  client: ClientBase,
  buffers: QueryRowBuffers,
  metaLines: Iterable<string>,
  completionLines: Iterable<string>,
): Promise<number> {
  const loads: [string, readonly (readonly [string, CopyKind])[], Iterable<Buffer | string>][] = [
    ['context', CONTEXT_COLUMNS, buffers.context.slices()],
    ['contextual_telemetry', CONTEXTUAL_COLUMNS, buffers.contextual.slices()],
    ['behavioral_telemetry', BEHAVIORAL_COLUMNS, buffers.behavioral.slices()],
    ['meta_query', META_COLUMNS, metaLines],
    ['completion_query', COMPLETION_COLUMNS, completionLines],
    ['query_context_file', QUERY_CONTEXT_FILE_COLUMNS, buffers.contextFile.slices()],
    ['had_generation', HAD_GENERATION_COLUMNS, buffers.hadGeneration.slices()],
    ['failed_generation', FAILED_GENERATION_COLUMNS, buffers.failedGeneration.slices()],
    ['feedback', FEEDBACK_COLUMNS, buffers.feedback.slices()],
    ['ground_truth', GROUND_TRUTH_COLUMNS, buffers.groundTruth.slices()],
  ];
  let written = 0;
  for (const [table, columns, lines] of loads) written += await copyRows(client, table, columns, lines);
  return written;
}
