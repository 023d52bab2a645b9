// The running sums of one group: counts and metric sums only, so memory does not grow with the row count.
import type { EvaluationDimension, EvaluationSummary, GroupLabel } from './evaluation-summary.js';
import type { RowEvaluation } from './evaluate-row.js';
import { SNAPSHOT_SLOTS } from './snapshot-slots.js';
import { wilsonInterval } from './wilson-interval.js';

interface SlotSums {
  n: number;
  exactMatch: number;
  editSimilarity: number;
  rougeL: number;
  retained: number;
}

export interface EvaluationTally {
  label: GroupLabel;
  generations: number;
  shown: number;
  emptyPredictions: number;
  valid: number;
  accepted: number;
  acceptedWithGroundTruth: number;
  emptyGroundTruths: number;
  snapshotsOutsideSlots: number;
  slots: SlotSums[];
}

export function createTally(label: GroupLabel): EvaluationTally {
  return {
    label,
    generations: 0,
    shown: 0,
    emptyPredictions: 0,
    valid: 0,
    accepted: 0,
    acceptedWithGroundTruth: 0,
    emptyGroundTruths: 0,
    snapshotsOutsideSlots: 0,
    slots: SNAPSHOT_SLOTS.map(() => ({ n: 0, exactMatch: 0, editSimilarity: 0, rougeL: 0, retained: 0 })),
  };
}

export function addToTally(tally: EvaluationTally, row: RowEvaluation): void {
  tally.generations++;
  if (row.shown) tally.shown++;
  if (row.emptyPrediction) tally.emptyPredictions++;
  if (row.valid) tally.valid++;
  if (!row.accepted) return;
  tally.accepted++;
  if (row.hasGroundTruth) tally.acceptedWithGroundTruth++;
  tally.emptyGroundTruths += row.emptyGroundTruths;
  tally.snapshotsOutsideSlots += row.snapshotsOutsideSlots;
  row.slots.forEach((scores, i) => {
    const sums = tally.slots[i];
    if (!scores || !sums) return;
    sums.n++;
    sums.exactMatch += scores.exactMatch;
    sums.editSimilarity += scores.editSimilarity;
    sums.rougeL += scores.rougeL;
    sums.retained += scores.retained;
  });
}

export function summarizeTally(
  tally: EvaluationTally,
  grouping: readonly EvaluationDimension[],
  z: number,
): EvaluationSummary {
  const mean = (sum: number, n: number) => (n === 0 ? null : sum / n);
  return {
    grouping,
    ...tally.label,
    generations: tally.generations,
    shown: tally.shown,
    emptyPredictions: tally.emptyPredictions,
    valid: tally.valid,
    accepted: tally.accepted,
    acceptanceRate: mean(tally.accepted, tally.valid),
    acceptanceInterval: wilsonInterval(tally.accepted, tally.valid, z),
    acceptedWithGroundTruth: tally.acceptedWithGroundTruth,
    acceptedWithoutGroundTruth: tally.accepted - tally.acceptedWithGroundTruth,
    emptyGroundTruths: tally.emptyGroundTruths,
    snapshotsOutsideSlots: tally.snapshotsOutsideSlots,
    slots: tally.slots.map((s, i) => ({
      slot: SNAPSHOT_SLOTS[i]!.name,
      n: s.n,
      exactMatch: mean(s.exactMatch, s.n),
      editSimilarity: mean(s.editSimilarity, s.n),
      rougeL: mean(s.rougeL, s.n),
      retained: mean(s.retained, s.n),
    })),
  };
}
