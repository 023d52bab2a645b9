// One ground-truth snapshot against the accepted completion: edit similarity (src/evaluation, 0..100) and
// whether it is retained, i.e. at least 67 % of the accepted text survives in it (Sourcegraph's retention
// threshold): LCS(completion, truth) / |completion| ≥ 0.67 over the stripped texts' code points.
import { editSimilarityOfStripped } from '../evaluation/edit-similarity.js';
import { lcsOfText } from '../evaluation/lcs-length.js';
import { stripPython } from '../evaluation/strip-python.js';
import { MAX_COMPARED_SYMBOLS } from '../evaluation/compared-symbols.js';

export const RETAINED_SHARE = 0.67;

export interface SnapshotScore {
  editSimilarity: number;
  retained: boolean;
}

/** Null for a snapshot that is empty once stripped (src/evaluation leaves those out too). */
export function scoreSnapshot(completion: string, truth: string): SnapshotScore | null {
  const t = stripPython(truth);
  if (t.length === 0) return null;
  const p = stripPython(completion);
  const length = Math.min(MAX_COMPARED_SYMBOLS, [...p].length);
  const retained = length > 0 && lcsOfText(p, t).lcs / length >= RETAINED_SHARE;
  return { editSimilarity: editSimilarityOfStripped(p, t), retained };
}
