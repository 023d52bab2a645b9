// The evaluation summaries as rows of the `evaluation` dataset (keyed by its column names), and the metadata
// that says how they were computed, so a downloaded file is self-describing.
import { MAX_COMPARED_SYMBOLS } from './compared-symbols.js';
import type { DatasetRow } from '../datasets/formats/index.js';
import type { EvaluationSummary } from './evaluation-summary.js';
import { SNAPSHOT_SLOTS } from './snapshot-slots.js';

export function evaluationDatasetRow(summary: EvaluationSummary): DatasetRow {
  const row: DatasetRow = {
    grouping: summary.grouping.length === 0 ? 'overall' : summary.grouping.join(','),
    model_id: summary.modelId,
    model_name: summary.modelName,
    language_id: summary.languageId,
    language_name: summary.languageName,
    trigger_type_id: summary.triggerTypeId,
    trigger_type_name: summary.triggerTypeName,
    generations: summary.generations,
    shown: summary.shown,
    empty_predictions: summary.emptyPredictions,
    valid: summary.valid,
    accepted: summary.accepted,
    acceptance_rate: summary.acceptanceRate,
    acceptance_ci_low: summary.acceptanceInterval?.low ?? null,
    acceptance_ci_high: summary.acceptanceInterval?.high ?? null,
    accepted_with_ground_truth: summary.acceptedWithGroundTruth,
    accepted_without_ground_truth: summary.acceptedWithoutGroundTruth,
    empty_ground_truths: summary.emptyGroundTruths,
    snapshots_outside_slots: summary.snapshotsOutsideSlots,
  };
  for (const s of summary.slots) {
    row[`snapshots_${s.slot}`] = s.n;
    row[`exact_match_${s.slot}`] = s.exactMatch;
    row[`edit_similarity_${s.slot}`] = s.editSimilarity;
    row[`rouge_l_${s.slot}`] = s.rougeL;
    row[`retained_${s.slot}`] = s.retained;
  }
  return row;
}

/** Schema metadata for encodeDataset: the parameters behind the numbers. */
export function evaluationMetadata(z = 1.96): Record<string, string> {
  return {
    'c4m.evaluation.z': String(z),
    'c4m.evaluation.slots': SNAPSHOT_SLOTS.map((s) => `${s.name}=[${s.fromSeconds},${s.toSeconds})`).join(
      ' ',
    ),
    'c4m.evaluation.max_compared_symbols': String(MAX_COMPARED_SYMBOLS),
    'c4m.evaluation.tokens': 'identifier runs [\\p{L}\\p{M}\\p{N}_]+ and single other non-space code points',
  };
}
