// The `evaluation` dataset: one row per group of generations and one overall row, with the Code4Me metrics.
// The formulas are in docs/evaluation.md and in the metric files (exact-match.ts, edit-similarity.ts, ...).
import type { ColumnSpec, DatasetSchema } from '../datasets/formats/index.js';
import { SNAPSHOT_SLOTS } from './snapshot-slots.js';

const count = (name: string, description: string): ColumnSpec => ({
  name,
  type: { kind: 'int64' },
  nullable: false,
  description,
});
const measure = (name: string, description: string): ColumnSpec => ({
  name,
  type: { kind: 'float64' },
  nullable: true,
  description,
});
const id = (name: string, description: string): ColumnSpec => ({
  name,
  type: { kind: 'int32' },
  nullable: true,
  description,
});
const label = (name: string, description: string): ColumnSpec => ({
  name,
  type: { kind: 'dictionary' },
  nullable: true,
  description,
});

const GROUP_COLUMNS: ColumnSpec[] = [
  {
    name: 'grouping',
    type: { kind: 'dictionary' },
    nullable: false,
    description:
      "the dimensions this row is grouped by, e.g. 'model,language,trigger', or 'overall' for all rows of the slice; " +
      'a null id of a dimension listed here means the generations had none (no contextual telemetry stored)',
  },
  id('model_id', 'model_name.model_id; null when not grouped by model'),
  label('model_name', 'model_name.model_name'),
  id(
    'language_id',
    'programming_language.language_id of the query; null when not grouped by language or unknown',
  ),
  label('language_name', 'programming_language.language_name'),
  id(
    'trigger_type_id',
    'trigger_type.trigger_type_id of the query; null when not grouped by trigger or unknown',
  ),
  label('trigger_type_name', 'trigger_type.trigger_type_name (manual, auto, idle)'),
];

const COUNT_COLUMNS: ColumnSpec[] = [
  count('generations', 'had_generation rows in the group'),
  count('shown', 'generations the plugin was handed (cardinality(shown_at) > 0)'),
  count('empty_predictions', 'generations whose completion is empty after Python strip()'),
  count('valid', 'shown generations with a non-empty completion: the trials of the acceptance rate'),
  count('accepted', 'valid generations with was_accepted: the successes of the acceptance rate'),
  measure('acceptance_rate', 'accepted / valid, 0..1; null when valid = 0'),
  measure(
    'acceptance_ci_low',
    'lower bound of the Wilson score interval of acceptance_rate (z = 1.96 unless stated)',
  ),
  measure('acceptance_ci_high', 'upper bound of the Wilson score interval of acceptance_rate'),
  count(
    'accepted_with_ground_truth',
    'accepted generations with at least one non-empty ground-truth snapshot',
  ),
  count('accepted_without_ground_truth', 'accepted generations with no non-empty ground-truth snapshot'),
  count('empty_ground_truths', 'ground-truth snapshots of accepted generations that are empty after strip()'),
  count(
    'snapshots_outside_slots',
    'non-empty snapshots of accepted generations older than 135 s (or older than none) after the acceptance: in no slot',
  ),
];

function slotColumns(slot: string, nominal: number): ColumnSpec[] {
  const of = `the snapshot nearest ${nominal} s after the acceptance (slot ${slot})`;
  return [
    count(`snapshots_${slot}`, `accepted valid generations with a non-empty snapshot in slot ${slot}`),
    measure(
      `exact_match_${slot}`,
      `mean exact match (0/100, stripped strings) of the completion against ${of}`,
    ),
    measure(
      `edit_similarity_${slot}`,
      `mean edit similarity (0..100, 200·LCS/(|p|+|t|) on code points) against ${of}`,
    ),
    measure(`rouge_l_${slot}`, `mean ROUGE-L F-measure (0..100, β = 1, code tokens) against ${of}`),
    measure(`retained_${slot}`, `share (0..100) of completions found verbatim (stripped) inside ${of}`),
  ];
}

export const EVALUATION_SCHEMA: DatasetSchema = {
  name: 'evaluation',
  description:
    'Code4Me evaluation metrics per model, language and trigger type, and overall: acceptance rate with its ' +
    'Wilson interval, and exact match, edit similarity, ROUGE-L and verbatim retention of accepted completions ' +
    'against the ground-truth snapshots taken about 15, 45 and 90 s after the acceptance (docs/evaluation.md).',
  columns: [
    ...GROUP_COLUMNS,
    ...COUNT_COLUMNS,
    ...SNAPSHOT_SLOTS.flatMap((s) => slotColumns(s.name, s.nominalSeconds)),
  ],
};
