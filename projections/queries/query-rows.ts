// The rows each completion event (at stream sequence `seq`) writes in the queries read model, as pure functions
// shared by the projectors (which add the upsert and conflict rules in SQL) and the bulk fold (which applies
// the same rules in memory), so the mapping is written once. The 1:1 rows reuse the query id as their own id.
import type { DomainEvent, EventDataMap } from '../../events/index.js';
import type {
  BehavioralTelemetryTable,
  ContextTable,
  ContextualTelemetryTable,
} from '../../src/platform/db-schema.js';
import { required } from '../runner/index.js';

type Requested = EventDataMap['completion.requested'];

/** A row as a projector creates it: with the sequence of its event. */
type Created<Table> = Omit<Table, 'stream_seq'> & { stream_seq: number };

export type ContextRow = Created<ContextTable>;

export type ContextualTelemetryRow = Created<ContextualTelemetryTable>;

export type BehavioralTelemetryRow = Created<BehavioralTelemetryTable>;

/** meta_query without total_serving_time, which belongs to the generations. */
export interface MetaQueryRow {
  meta_query_id: string;
  user_id: string | null;
  contextual_telemetry_id: string | null;
  behavioral_telemetry_id: string | null;
  context_id: string | null;
  session_id: string;
  project_id: string;
  /** JSON text (jsonb). */
  multi_file_context_changes_indexes: string;
  timestamp: string;
  server_version_id: number | null;
  query_type: 'completion';
  /** Null in a stub row: only the request knows them. */
  config_id: number | null;
  plugin_version_id: number | null;
  stream_seq: number;
  /** The request's sequence; null in a stub row. */
  request_seq: number | null;
}

export interface HadGenerationRow {
  meta_query_id: string;
  model_id: number;
  completion: string;
  generation_time: number;
  shown_at: string[];
  was_accepted: boolean;
  confidence: number | null;
  logprobs: (number | null)[];
  tokens: string[] | null;
  serving_time: number;
  model_revision: string | null;
  /** JSON text (jsonb). */
  generation_parameters: string | null;
  stream_seq: number;
  /** The sequence of the event that set shown_at; null while it is empty. */
  shown_seq: number | null;
}

export interface FailedGenerationRow {
  meta_query_id: string;
  model_id: number;
  error_code: string;
  error_message: string;
  generation_time: number;
  failed_at: string;
  serving_time: number;
  /** JSON text (jsonb). */
  generation_parameters: string | null;
  stream_seq: number;
}

export interface QueryContextFileRow {
  meta_query_id: string;
  file_path: string;
  change_count: number;
  /** JSON text (jsonb), null when omitted. */
  lines: string | null;
  omitted: 'event_size_limit' | null;
  stream_seq: number;
}

export interface FeedbackRow {
  event_id: string;
  meta_query_id: string;
  model_id: number;
  was_accepted: boolean;
  ground_truth: string | null;
  received_at: string;
  stream_seq: number;
}

export interface GroundTruthRow {
  completion_query_id: string;
  truth_timestamp: string;
  ground_truth: string;
  model_id: number;
  stream_seq: number;
}

export function contextRow(id: string, context: NonNullable<Requested['context']>, seq: number): ContextRow {
  return {
    context_id: id,
    prefix: context.prefix,
    suffix: context.suffix,
    file_name: context.fileName,
    selected_text: context.selectedText,
    stream_seq: seq,
  };
}

export function contextualTelemetryRow(
  id: string,
  ct: NonNullable<Requested['contextualTelemetry']>,
  seq: number,
): ContextualTelemetryRow {
  return {
    contextual_telemetry_id: id,
    version_id: ct.versionId,
    trigger_type_id: ct.triggerTypeId,
    language_id: ct.languageId,
    file_path: ct.filePath,
    caret_line: ct.caretLine,
    document_char_length: ct.documentCharLength,
    relative_document_position: ct.relativeDocumentPosition,
    stream_seq: seq,
  };
}

export function behavioralTelemetryRow(
  id: string,
  bt: NonNullable<Requested['behavioralTelemetry']>,
  seq: number,
): BehavioralTelemetryRow {
  return {
    behavioral_telemetry_id: id,
    time_since_last_shown: bt.timeSinceLastShown,
    time_since_last_accepted: bt.timeSinceLastAccepted,
    typing_speed: bt.typingSpeed,
    stream_seq: seq,
  };
}

/** The request's meta_query row; `has` says which of its 1:1 rows the request stored. */
export function requestMetaQueryRow(
  event: DomainEvent<'completion.requested'>,
  has: { context: boolean; contextual: boolean; behavioral: boolean },
  seq: number,
): MetaQueryRow {
  const id = required(event.queryId, 'queryId');
  return {
    meta_query_id: id,
    user_id: event.userId,
    contextual_telemetry_id: has.contextual ? id : null,
    behavioral_telemetry_id: has.behavioral ? id : null,
    context_id: has.context ? id : null,
    session_id: required(event.sessionId, 'sessionId'),
    project_id: required(event.projectId, 'projectId'),
    multi_file_context_changes_indexes: JSON.stringify(event.data.multiFileContextChangesIndexes),
    timestamp: event.data.requestedAt,
    server_version_id: event.data.serverVersionId,
    query_type: 'completion',
    config_id: event.data.configId,
    plugin_version_id: event.data.pluginVersionId,
    stream_seq: seq,
    request_seq: seq,
  };
}

/** The meta_query row a generation writes when it reaches the stream before its request (a stub). */
export function stubMetaQueryRow(
  event: DomainEvent<'completion.generated'>,
  seq: number,
): MetaQueryRow & { total_serving_time: number } {
  return {
    meta_query_id: required(event.queryId, 'queryId'),
    user_id: event.userId,
    contextual_telemetry_id: null,
    behavioral_telemetry_id: null,
    context_id: null,
    session_id: required(event.sessionId, 'sessionId'),
    project_id: required(event.projectId, 'projectId'),
    multi_file_context_changes_indexes: '{}',
    timestamp: event.occurredAt,
    total_serving_time: event.data.servingTimeMs,
    server_version_id: null,
    query_type: 'completion',
    config_id: null,
    plugin_version_id: null,
    stream_seq: seq,
    request_seq: null,
  };
}

/**
 * A model's completion (status ok), not yet accepted; shown_at stays empty until completion.shown, except for
 * v1 events, which carried their shown time.
 */
export function hadGenerationRow(event: DomainEvent<'completion.generated'>, seq: number): HadGenerationRow {
  const d = event.data;
  return {
    meta_query_id: required(event.queryId, 'queryId'),
    model_id: d.modelId,
    completion: d.completion,
    generation_time: d.generationTimeMs,
    shown_at: d.legacyShownAt === null ? [] : [d.legacyShownAt],
    was_accepted: false,
    confidence: d.confidence,
    logprobs: d.logprobs,
    tokens: d.tokens,
    serving_time: d.servingTimeMs,
    model_revision: d.modelRevision,
    generation_parameters: d.generation === null ? null : JSON.stringify(d.generation),
    stream_seq: seq,
    shown_seq: d.legacyShownAt === null ? null : seq,
  };
}

/** A model that failed or missed the deadline. */
export function failedGenerationRow(
  event: DomainEvent<'completion.generated'>,
  seq: number,
): FailedGenerationRow {
  const d = event.data;
  return {
    meta_query_id: required(event.queryId, 'queryId'),
    model_id: d.modelId,
    error_code: d.error?.code ?? 'unknown',
    error_message: d.error?.message ?? '',
    generation_time: d.generationTimeMs,
    failed_at: event.occurredAt,
    serving_time: d.servingTimeMs,
    generation_parameters: d.generation === null ? null : JSON.stringify(d.generation),
    stream_seq: seq,
  };
}

/** One row per file of the request's multi-file context (none when it was not stored). */
export function queryContextFileRows(
  id: string,
  files: Requested['multiFileContext'],
  seq: number,
): QueryContextFileRow[] {
  return Object.entries(files ?? {}).map(([path, f]) => ({
    meta_query_id: id,
    file_path: path,
    change_count: f.changeCount,
    lines: f.lines === null ? null : JSON.stringify(f.lines),
    omitted: f.omitted,
    stream_seq: seq,
  }));
}

export function feedbackRow(event: DomainEvent<'completion.feedback'>, seq: number): FeedbackRow {
  return {
    event_id: event.id,
    meta_query_id: required(event.queryId, 'queryId'),
    model_id: event.data.modelId,
    was_accepted: event.data.wasAccepted,
    ground_truth: event.data.groundTruth,
    received_at: event.data.receivedAt,
    stream_seq: seq,
  };
}

/** The ground_truth row of a feedback call that carries the code the user ended up with, else null. */
export function groundTruthRow(
  event: DomainEvent<'completion.feedback'>,
  seq: number,
): GroundTruthRow | null {
  const d = event.data;
  if (d.groundTruth === null) return null;
  return {
    completion_query_id: required(event.queryId, 'queryId'),
    truth_timestamp: d.receivedAt,
    ground_truth: d.groundTruth,
    model_id: d.modelId,
    stream_seq: seq,
  };
}
