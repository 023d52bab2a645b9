// The evaluation's result for one group of generations (or for all of them): the counts, the acceptance rate
// with its interval, and the mean metrics of accepted completions per snapshot slot.
import type { ProportionInterval } from './wilson-interval.js';

/** The dimensions rows can be grouped by. */
export type EvaluationDimension = 'model' | 'language' | 'trigger';
export const EVALUATION_DIMENSIONS: readonly EvaluationDimension[] = ['model', 'language', 'trigger'];

export interface SlotMetrics {
  /** Slot name (`15s`, `45s`, `90s`). */
  slot: string;
  /** Accepted valid completions with a non-empty snapshot in this slot. */
  n: number;
  /** Means over those n, 0..100; null when n = 0. */
  exactMatch: number | null;
  editSimilarity: number | null;
  rougeL: number | null;
  retained: number | null;
}

/** The group's ids and names; null where not grouped by it, or where the rows had none (no telemetry). */
export interface GroupLabel {
  modelId: number | null;
  modelName: string | null;
  languageId: number | null;
  languageName: string | null;
  triggerTypeId: number | null;
  triggerTypeName: string | null;
}

export interface EvaluationSummary extends GroupLabel {
  /** The dimensions this summary is grouped by, in EVALUATION_DIMENSIONS order; empty for the overall total. */
  grouping: readonly EvaluationDimension[];
  generations: number;
  shown: number;
  /** Completions that are empty after strip(). */
  emptyPredictions: number;
  /** Shown and not empty: the acceptance rate's trials. */
  valid: number;
  /** Valid and accepted: its successes. */
  accepted: number;
  /** accepted / valid; null when valid = 0. */
  acceptanceRate: number | null;
  acceptanceInterval: ProportionInterval | null;
  /** Accepted completions with at least one non-empty snapshot, and those with none. */
  acceptedWithGroundTruth: number;
  acceptedWithoutGroundTruth: number;
  /** Snapshots of accepted completions that are empty after strip() (not evaluated). */
  emptyGroundTruths: number;
  /** Non-empty snapshots of accepted completions that fall in no slot. */
  snapshotsOutsideSlots: number;
  slots: SlotMetrics[];
}
