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
} from './query-rows.js';

export const CONTEXT_COLUMNS: CopyColumns<ContextRow> = [
  ['context_id', 'text'],
  ['prefix', 'text'],
  ['suffix', 'text'],
  ['file_name', 'text'],
  ['selected_text', 'text'],
];
export const CONTEXTUAL_COLUMNS: CopyColumns<ContextualTelemetryRow> = [
  ['contextual_telemetry_id', 'text'],
  ['version_id', 'int'],
  ['trigger_type_id', 'int'],
  ['language_id', 'int'],
  ['file_path', 'text'],
  ['caret_line', 'int'],
  ['document_char_length', 'int'],
  ['relative_document_position', 'float'],
];
export const BEHAVIORAL_COLUMNS: CopyColumns<BehavioralTelemetryRow> = [
  ['behavioral_telemetry_id', 'text'],
  ['time_since_last_shown', 'int'],
  ['time_since_last_accepted', 'int'],
  ['typing_speed', 'float'],
];
/** meta_query between its id (first) and total_serving_time (last), which the fold writes itself. */
export const META_MIDDLE_COLUMNS: CopyColumns<MetaQueryRow> = [
  ['user_id', 'text'],
  ['contextual_telemetry_id', 'text'],
  ['behavioral_telemetry_id', 'text'],
  ['context_id', 'text'],
  ['session_id', 'text'],
  ['project_id', 'text'],
  ['multi_file_context_changes_indexes', 'json'],
  ['timestamp', 'text'],
  ['server_version_id', 'int'],
  ['query_type', 'text'],
];
const META_COLUMNS: readonly (readonly [string, CopyKind])[] = [
  ['meta_query_id', 'text'],
  ...META_MIDDLE_COLUMNS,
  ['total_serving_time', 'int'],
];
/** was_accepted last: later feedback patches that one character in place. */
export const HAD_GENERATION_COLUMNS: CopyColumns<HadGenerationRow> = [
  ['meta_query_id', 'text'],
  ['model_id', 'int'],
  ['completion', 'text'],
  ['generation_time', 'int'],
  ['shown_at', 'times'],
  ['confidence', 'float'],
  ['logprobs', 'floats'],
  ['was_accepted', 'bool'],
];
export const FAILED_GENERATION_COLUMNS: CopyColumns<FailedGenerationRow> = [
  ['meta_query_id', 'text'],
  ['model_id', 'int'],
  ['error_code', 'text'],
  ['error_message', 'text'],
  ['generation_time', 'int'],
  ['failed_at', 'text'],
];
export const FEEDBACK_COLUMNS: CopyColumns<FeedbackRow> = [
  ['event_id', 'text'],
  ['meta_query_id', 'text'],
  ['model_id', 'int'],
  ['was_accepted', 'bool'],
  ['ground_truth', 'text'],
  ['received_at', 'text'],
];
export const GROUND_TRUTH_COLUMNS: CopyColumns<GroundTruthRow> = [
  ['completion_query_id', 'text'],
  ['truth_timestamp', 'text'],
  ['ground_truth', 'text'],
  ['model_id', 'int'],
];

/** The tables whose rows are final once added (or deleted by an erasure). */
export class QueryRowBuffers {
  readonly context = new RowBuffer();
  readonly contextual = new RowBuffer();
  readonly behavioral = new RowBuffer();
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
    ['completion_query', [['meta_query_id', 'text']], completionLines],
    ['had_generation', HAD_GENERATION_COLUMNS, buffers.hadGeneration.slices()],
    ['failed_generation', FAILED_GENERATION_COLUMNS, buffers.failedGeneration.slices()],
    ['feedback', FEEDBACK_COLUMNS, buffers.feedback.slices()],
    ['ground_truth', GROUND_TRUTH_COLUMNS, buffers.groundTruth.slices()],
  ];
  let written = 0;
  for (const [table, columns, lines] of loads) written += await copyRows(client, table, columns, lines);
  return written;
}
