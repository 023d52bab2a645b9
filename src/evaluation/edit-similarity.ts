// Edit similarity as the Code4Me scripts compute it (`fuzz.ratio` on stripped strings), with rapidfuzz's
// definition: the normalized Indel similarity on a 0-100 scale, unrounded.
//
//   es(p, t) = 100 · (1 − indel(p, t) / (|p| + |t|)) = 100 · 2 · LCS(p, t) / (|p| + |t|)
//
// where p and t are the stripped texts as sequences of code points, indel(p, t) = |p| + |t| − 2 · LCS(p, t) is
// the Levenshtein distance with insertions and deletions only (a substitution costs 2), and es = 100 when both
// are empty (rapidfuzz's convention). This is python-Levenshtein's `ratio`, which fuzzywuzzy's `fuzz.ratio`
// rounds to an integer; it is not plain Levenshtein (fastest-levenshtein and friends count a substitution as 1).
import { lcsOfText } from './lcs-length.js';
import { stripPython } from './strip-python.js';

/** 0..100; each side cut to MAX_COMPARED_SYMBOLS code points after stripping. */
export function editSimilarity(prediction: string, truth: string): number {
  return editSimilarityOfStripped(stripPython(prediction), stripPython(truth));
}

/** Edit similarity of two texts already stripped (so a completion is stripped once a row). */
export function editSimilarityOfStripped(p: string, t: string): number {
  const { lcs, compared } = lcsOfText(p, t);
  return compared === 0 ? 100 : (100 * 2 * lcs) / compared;
}
