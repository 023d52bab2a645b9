// Completions dataset rows as the evaluation reads them (CompletionEvaluationRow): the column names of
// completions-columns.ts mapped onto the evaluation's fields, the ground-truth snapshots' JSON times as Dates.
import type { CompletionEvaluationRow, GroundTruthSnapshot } from '../../evaluation/index.js';
import type { DatasetRow } from '../formats/index.js';

/**
 * A request whose record is missing (requested_at null, rare) has no time to age its snapshots from when the
 * acceptance time is unknown too: an invalid time puts such snapshots in no slot (snapshots_outside_slots).
 */
const NO_TIME = new Date(NaN);

export function toEvaluationRow(row: DatasetRow): CompletionEvaluationRow {
  const acceptedAt = optionalTime(row.accepted_at);
  return {
    modelId: Number(row.model_id),
    modelName: typeof row.model_name === 'string' ? row.model_name : `model ${String(row.model_id)}`,
    languageId: optionalNumber(row.language_id),
    languageName: optionalString(row.language),
    triggerTypeId: optionalNumber(row.trigger_type_id),
    triggerTypeName: optionalString(row.trigger_type),
    completion: String(row.completion),
    wasAccepted: row.accepted === true,
    shown: row.shown === true,
    requestedAt: optionalTime(row.requested_at) ?? acceptedAt ?? NO_TIME,
    acceptedAt,
    groundTruths: groundTruthsOf(row.ground_truths),
  };
}

/** The completions row source's batches as evaluation rows, one at a time. */
export async function* toEvaluationRows(
  batches: AsyncIterable<readonly DatasetRow[]>,
): AsyncGenerator<CompletionEvaluationRow> {
  for await (const batch of batches) for (const row of batch) yield toEvaluationRow(row);
}

function groundTruthsOf(value: unknown): GroundTruthSnapshot[] {
  if (!Array.isArray(value)) return [];
  return value.map((g: { ground_truth: unknown; truth_timestamp: unknown }) => ({
    text: String(g.ground_truth),
    at: optionalTime(g.truth_timestamp) ?? NO_TIME,
  }));
}

function optionalTime(value: unknown): Date | null {
  if (value instanceof Date) return value;
  // JSON (ground_truths) carries times as ISO strings.
  return typeof value === 'string' ? new Date(value) : null;
}

const optionalNumber = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const optionalString = (value: unknown): string | null => (typeof value === 'string' ? value : null);
