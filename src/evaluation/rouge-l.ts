// ROUGE-L as the Code4Me scripts and the rouge-score package define it: the F-measure of the longest common
// subsequence of tokens, with β = 1, on a 0-100 scale (tokens: tokenize-code.ts).
//
//   P = LCS(p, t) / |p|      R = LCS(p, t) / |t|      ROUGE-L = 100 · 2·P·R / (P + R)
//
// where p and t are the token sequences of the stripped prediction and truth; 0 when either has no token or
// LCS = 0 (rouge-score returns 0 for an empty side, so two empty texts score 0, unlike edit similarity).
import { lcsLengthOfIds } from './lcs-length.js';
import { stripPython } from './strip-python.js';
import { createTokenIds, type TokenIds } from './token-ids.js';

const pairIds = createTokenIds();

/** 0..100; each side cut to MAX_COMPARED_SYMBOLS tokens. */
export function rougeL(prediction: string, truth: string): number {
  pairIds.reset();
  const p = pairIds.tokenize(stripPython(prediction), 0);
  const t = pairIds.tokenize(stripPython(truth), 1);
  return rougeLOfIds(pairIds, p, t);
}

/** ROUGE-L of the p token ids in `ids`' buffer 0 (the prediction) and the t in buffer 1 (the truth). */
export function rougeLOfIds(ids: TokenIds, p: number, t: number): number {
  if (p === 0 || t === 0) return 0;
  const lcs = lcsLengthOfIds(ids.buffer(0), p, ids.buffer(1), t, ids.count);
  if (lcs === 0) return 0;
  const precision = lcs / p;
  const recall = lcs / t;
  return (100 * 2 * precision * recall) / (precision + recall);
}
