// The evaluation room's public surface: the Code4Me metrics, the streaming aggregation and the dataset schema.
export type { CompletionEvaluationRow, GroundTruthSnapshot } from './completion-evaluation-row.js';
export { exactMatch } from './exact-match.js';
export { editSimilarity } from './edit-similarity.js';
export { rougeL } from './rouge-l.js';
export { retainedVerbatim } from './retained-verbatim.js';
export { tokenizeCode } from './tokenize-code.js';
export { stripPython } from './strip-python.js';
export { wilsonInterval, type ProportionInterval } from './wilson-interval.js';
export { MAX_COMPARED_SYMBOLS } from './compared-symbols.js';
export { SNAPSHOT_SLOTS, type SnapshotSlot } from './snapshot-slots.js';
export { aggregateEvaluation, type EvaluationOptions } from './aggregate-evaluation.js';
export {
  EVALUATION_DIMENSIONS,
  type EvaluationDimension,
  type EvaluationSummary,
  type SlotMetrics,
} from './evaluation-summary.js';
export { EVALUATION_SCHEMA } from './evaluation-schema.js';
export { evaluationDatasetRow, evaluationMetadata } from './evaluation-dataset-rows.js';
