// One generation's contribution to the evaluation: whether it is valid and accepted, and, for an accepted one,
// its metrics against the snapshot of each slot. Computed once per row, then added to its group and the total.
import type { CompletionEvaluationRow } from './completion-evaluation-row.js';
import { editSimilarityOfStripped } from './edit-similarity.js';
import { exactMatch } from './exact-match.js';
import { retainedVerbatim } from './retained-verbatim.js';
import { rougeLOfIds } from './rouge-l.js';
import { slotSnapshots } from './snapshot-slots.js';
import { stripPython } from './strip-python.js';
import { createTokenIds } from './token-ids.js';

export interface SnapshotScores {
  exactMatch: number;
  editSimilarity: number;
  rougeL: number;
  retained: number;
}

export interface RowEvaluation {
  shown: boolean;
  emptyPrediction: boolean;
  valid: boolean;
  accepted: boolean;
  /** The rest is zero / null unless `accepted`. */
  hasGroundTruth: boolean;
  emptyGroundTruths: number;
  snapshotsOutsideSlots: number;
  /** Per slot of SNAPSHOT_SLOTS: the scores against its snapshot, or null. */
  slots: (SnapshotScores | null)[];
}

export function evaluateRow(row: CompletionEvaluationRow): RowEvaluation {
  const emptyPrediction = stripPython(row.completion).length === 0;
  const valid = row.shown && !emptyPrediction;
  const accepted = valid && row.wasAccepted;
  const result: RowEvaluation = {
    shown: row.shown,
    emptyPrediction,
    valid,
    accepted,
    hasGroundTruth: false,
    emptyGroundTruths: 0,
    snapshotsOutsideSlots: 0,
    slots: [],
  };
  if (!accepted) return result;
  const usable = row.groundTruths.filter((g) => stripPython(g.text).length > 0);
  const slotted = slotSnapshots(usable, row.acceptedAt ?? row.requestedAt);
  result.hasGroundTruth = usable.length > 0;
  result.emptyGroundTruths = row.groundTruths.length - usable.length;
  result.snapshotsOutsideSlots = slotted.outside;
  const prediction = stripPython(row.completion);
  // Token ids are shared by the completion and its snapshots, and forgotten at the next row.
  rowIds.reset();
  const predictionTokens = rowIds.tokenize(prediction, 0);
  result.slots = slotted.chosen.map((s) =>
    s ? scoreSnapshot(row.completion, prediction, predictionTokens, s.text) : null,
  );
  return result;
}

const rowIds = createTokenIds();

/** The same numbers as exactMatch, editSimilarity, rougeL and retainedVerbatim of (completion, truth), with the
 *  completion stripped and tokenized (into rowIds' buffer 0) once a row rather than once a snapshot. */
function scoreSnapshot(completion: string, stripped: string, tokens: number, truth: string): SnapshotScores {
  const strippedTruth = stripPython(truth);
  return {
    exactMatch: exactMatch(completion, truth),
    editSimilarity: editSimilarityOfStripped(stripped, strippedTruth),
    rougeL: rougeLOfIds(rowIds, tokens, rowIds.tokenize(strippedTruth, 1)),
    retained: retainedVerbatim(completion, truth),
  };
}
