// Tokens as small integers for the LCS: each distinct token of the texts compared together (a completion and its
// snapshots) gets the next id, so ROUGE-L compares numbers instead of looking strings up in a Map per pair.
import { MAX_COMPARED_SYMBOLS } from './compared-symbols.js';
import { forEachToken } from './tokenize-code.js';

export interface TokenIds {
  /** Tokenizes `text` into buffer `side` (0 or 1); returns the number of tokens. */
  tokenize(text: string, side: 0 | 1): number;
  buffer(side: 0 | 1): Int32Array;
  /** How many distinct tokens have ids: every id is below it. */
  readonly count: number;
  /** Forgets every id (between rows, so memory does not grow with the rows). */
  reset(): void;
}

export function createTokenIds(): TokenIds {
  const ascii = new Int32Array(128).fill(-1);
  const others = new Map<string, number>();
  const buffers = [new Int32Array(MAX_COMPARED_SYMBOLS), new Int32Array(MAX_COMPARED_SYMBOLS)] as const;
  let count = 0;
  const idOf = (text: string, start: number, end: number): number => {
    const unit = text.charCodeAt(start);
    // One-character ASCII tokens (punctuation, one-letter names) are most tokens of code: a table, no string.
    if (end - start === 1 && unit < 128) return ascii[unit]! >= 0 ? ascii[unit]! : (ascii[unit] = count++);
    const token = text.slice(start, end);
    const found = others.get(token);
    if (found !== undefined) return found;
    others.set(token, count);
    return count++;
  };
  return {
    tokenize(text, side) {
      const out = buffers[side];
      let n = 0;
      forEachToken(text, (start, end) => (out[n++] = idOf(text, start, end)));
      return n;
    },
    buffer: (side) => buffers[side],
    get count() {
      return count;
    },
    reset() {
      ascii.fill(-1);
      others.clear();
      count = 0;
    },
  };
}
