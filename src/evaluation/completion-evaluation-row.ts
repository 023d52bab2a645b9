// What the evaluation reads: one row per generation (a completion one model gave for one query), with the
// ground-truth snapshots the plugin sent for it. The completions dataset query feeds these rows.

/** One ground-truth snapshot: `ground_truth.ground_truth` and its `truth_timestamp` (when the server got it). */
export interface GroundTruthSnapshot {
  text: string;
  at: Date;
}

/** One `had_generation` row with its query's language and trigger and its ground-truth snapshots. */
export interface CompletionEvaluationRow {
  /** `had_generation.model_id` and its `model_name.model_name`. */
  modelId: number;
  modelName: string;
  /** `contextual_telemetry.language_id` / `programming_language.language_name`; null when the query stored no
   *  contextual telemetry (store_contextual_telemetry off). */
  languageId: number | null;
  languageName: string | null;
  /** `contextual_telemetry.trigger_type_id` / `trigger_type.trigger_type_name`; null as for the language. */
  triggerTypeId: number | null;
  triggerTypeName: string | null;
  /** `had_generation.completion`, as the model produced it (not stripped). */
  completion: string;
  /** `had_generation.was_accepted` (the latest feedback's value). */
  wasAccepted: boolean;
  /** The plugin was handed the completion: `cardinality(had_generation.shown_at) > 0`. */
  shown: boolean;
  /** `meta_query.timestamp`: when the request arrived. */
  requestedAt: Date;
  /** When the first feedback with `was_accepted = true` arrived (`feedback.received_at`); null when unknown. The
   *  plugin's ground-truth timers start at the insertion, so snapshot ages are measured from here when known. */
  acceptedAt: Date | null;
  /** Every `ground_truth` row of (query, model), in any order. */
  groundTruths: readonly GroundTruthSnapshot[];
}
