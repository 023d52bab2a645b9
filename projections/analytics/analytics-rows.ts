// The analytics read model's records as table rows and back: the shapes the projectors upsert, the bulk fold
// copies, and the projectors read a query's state from.
import type { Selectable } from 'kysely';
import type { AnalyticsGenerationTable, AnalyticsRequestTable } from '../../src/platform/db-schema.js';
import type { TableRow } from '../bulk/table-row.js';
import { AGGREGATE_TABLES, type Cell } from './analytics-cells.js';
import type { GenerationRecord, RequestRecord } from './analytics-state.js';

export type RequestRow = TableRow<AnalyticsRequestTable>;

export type GenerationRow = TableRow<AnalyticsGenerationTable>;

const iso = (ms: number): string => new Date(ms).toISOString();

export function requestRow(r: RequestRecord): RequestRow {
  return {
    meta_query_id: r.queryId,
    user_id: r.userId,
    requested_at: iso(r.requestedAt),
    bucket: iso(r.bucket),
    language_id: r.languageId,
    trigger_type_id: r.triggerTypeId,
    plugin_version_id: r.pluginVersionId,
    config_id: r.configId,
    stream_seq: r.seq,
  };
}

export function generationRow(g: GenerationRecord): GenerationRow {
  return {
    meta_query_id: g.queryId,
    model_id: g.modelId,
    user_id: g.userId,
    confidence: g.confidence,
    completion: g.completion,
    chars: g.chars,
    generation_ms: g.generationMs,
    serving_ms: g.servingMs,
    shown: g.shown,
    accepted: g.accepted,
    accepted_at: g.acceptedAt === null ? null : iso(g.acceptedAt),
    feedback_seq: g.feedbackSeq,
    truths: JSON.stringify(g.truths),
    stream_seq: g.seq,
  };
}

export function requestRecord(row: Selectable<AnalyticsRequestTable>): RequestRecord {
  return {
    queryId: row.meta_query_id,
    userId: row.user_id,
    requestedAt: new Date(row.requested_at).getTime(),
    bucket: new Date(row.bucket).getTime(),
    languageId: row.language_id,
    triggerTypeId: row.trigger_type_id,
    pluginVersionId: row.plugin_version_id,
    configId: row.config_id,
    seq: row.stream_seq,
  };
}

export function generationRecord(row: Selectable<AnalyticsGenerationTable>): GenerationRecord {
  return {
    queryId: row.meta_query_id,
    modelId: row.model_id,
    userId: row.user_id,
    confidence: row.confidence,
    completion: row.completion,
    chars: row.chars,
    generationMs: row.generation_ms,
    servingMs: row.serving_ms,
    shown: row.shown,
    accepted: row.accepted,
    acceptedAt: row.accepted_at === null ? null : new Date(row.accepted_at).getTime(),
    feedbackSeq: row.feedback_seq,
    truths: row.truths,
    seq: row.stream_seq,
  };
}

/** A cell as an aggregate row (counts as given: a new row's, or the change to add). */
export function cellRow(cell: Cell, seq: number): Record<string, number | string> {
  const { key, values } = AGGREGATE_TABLES[cell.table];
  const row: Record<string, number | string> = { stream_seq: seq };
  key.forEach((column, i) => (row[column] = i === 0 ? iso(cell.key[0] as number) : cell.key[i]!));
  values.forEach((column, i) => (row[column] = cell.values[i]!));
  return row;
}
