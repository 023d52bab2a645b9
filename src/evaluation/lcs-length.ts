// The length of the longest common subsequence of two texts (over code points) or two sequences of token ids, the
// core of edit similarity and ROUGE-L, computed bit-parallel as rapidfuzz does.
//
// Bit-parallel LCS (Allison & Dix 1986; Hyyrö 2004): the shorter sequence `a` (length m) is the pattern, one bit
// per position; M[c] has bit i set where a[i] = c. A state S of m bits starts all ones and, for each symbol c of
// the longer sequence b, becomes S' = (S + (S & M[c])) | (S & ~M[c]) (addition carried across 32-bit words).
// At the end LCS(a, b) = the number of zero bits among the m bits of S. Cost: ceil(m/32) word operations per
// symbol of b, i.e. O(ceil(m/32) · n) time, O(ceil(m/32) · distinct symbols of a) memory: the O(n·m) DP table
// is never built. Symbols of b that do not occur in a leave S unchanged and are skipped. Each side counts at
// most MAX_COMPARED_SYMBOLS symbols (the rest is not compared).
import { MAX_COMPARED_SYMBOLS } from './compared-symbols.js';

const WORD = 32;
/** Code points below this find their slot in a table, the others in a Map. */
const TABLE_SIZE = 256;

// Scratch state reused across calls (the computation is synchronous and never re-entered), so a million pairs
// allocate next to nothing: each text's code points as slots (the index of the code point among the pattern's
// distinct ones, -1 for one the pattern lacks), the match vectors, the state words.
const patternSlots = new Int32Array(MAX_COMPARED_SYMBOLS);
const textSlots = new Int32Array(MAX_COMPARED_SYMBOLS);
let matchScratch = new Uint32Array(1024);
const stateScratch = new Uint32Array(Math.ceil(MAX_COMPARED_SYMBOLS / WORD));
const smallSlots = new Int32Array(TABLE_SIZE).fill(-1);
const codePointSlots = new Map<number, number>();
let slotCount = 0;

export interface TextLcs {
  /** LCS length of the compared code points. */
  lcs: number;
  /** How many code points of the two texts together were compared (each side at most MAX_COMPARED_SYMBOLS). */
  compared: number;
}

/** LCS of the code points of `x` and `y` (the first MAX_COMPARED_SYMBOLS of each). */
export function lcsOfText(x: string, y: string): TextLcs {
  const swap = x.length > y.length;
  const m = codePointSlotsOf(swap ? y : x, patternSlots, true);
  const n = codePointSlotsOf(swap ? x : y, textSlots, false);
  const lcs = lcsOfSymbols(patternSlots, m, textSlots, n, slotCount);
  smallSlots.fill(-1);
  codePointSlots.clear();
  slotCount = 0;
  return { lcs, compared: m + n };
}

/** LCS length of a[0..m) and b[0..n), whose symbols are ids in [0, idCount) (token-ids.ts). */
export function lcsLengthOfIds(a: Int32Array, m: number, b: Int32Array, n: number, idCount: number): number {
  return m <= n ? lcsOfSymbols(a, m, b, n, idCount) : lcsOfSymbols(b, n, a, m, idCount);
}

/** Writes the slots of `text`'s code points into `out`; returns how many (at most MAX_COMPARED_SYMBOLS). */
function codePointSlotsOf(text: string, out: Int32Array, assign: boolean): number {
  let count = 0;
  for (let i = 0; i < text.length && count < MAX_COMPARED_SYMBOLS; i++) {
    let symbol = text.charCodeAt(i);
    if (symbol < TABLE_SIZE) {
      let slot = smallSlots[symbol]!;
      if (slot < 0 && assign) smallSlots[symbol] = slot = slotCount++;
      out[count++] = slot;
      continue;
    }
    if (symbol >= 0xd800 && symbol <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        symbol = (symbol - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
        i++;
      }
    }
    out[count++] = largeSlot(symbol, assign);
  }
  return count;
}

function largeSlot(symbol: number, assign: boolean): number {
  const found = codePointSlots.get(symbol);
  if (found !== undefined || !assign) return found ?? -1;
  codePointSlots.set(symbol, slotCount);
  return slotCount++;
}

/** The LCS of pattern[0..m) and text[0..n): symbols in [0, symbols), or -1 (absent from the pattern). */
function lcsOfSymbols(pattern: Int32Array, m: number, text: Int32Array, n: number, symbols: number): number {
  if (m === 0 || n === 0) return 0;
  const words = Math.ceil(Math.min(m, MAX_COMPARED_SYMBOLS) / WORD);
  const size = symbols * words;
  if (matchScratch.length < size) matchScratch = new Uint32Array(Math.max(size, matchScratch.length * 2));
  const match = matchScratch;
  match.fill(0, 0, size);
  for (let i = 0; i < m; i++) {
    const at = pattern[i]! * words + (i >>> 5);
    match[at] = match[at]! | (1 << (i & 31));
  }
  return words === 1 ? lcsOneWord(match, text, n, m) : lcsManyWords(match, text, n, m, words);
}

function lcsOneWord(match: Uint32Array, text: Int32Array, n: number, m: number): number {
  let s = 0xffffffff;
  for (let j = 0; j < n; j++) {
    const symbol = text[j]!;
    if (symbol < 0) continue;
    const mc = match[symbol]!;
    const u = (s & mc) >>> 0;
    // s + u can reach 2^33; `|` takes it modulo 2^32, which is the word's value.
    s = ((s + u) | (s & ~mc)) >>> 0;
  }
  return m - popcount(m === WORD ? s : s & ((1 << m) - 1));
}

function lcsManyWords(match: Uint32Array, text: Int32Array, n: number, m: number, words: number): number {
  const s = stateScratch;
  s.fill(0xffffffff, 0, words);
  for (let j = 0; j < n; j++) {
    const symbol = text[j]!;
    if (symbol < 0) continue;
    const base = symbol * words;
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const sw = s[w]!;
      const mw = match[base + w]!;
      const sum = sw + ((sw & mw) >>> 0) + carry;
      carry = sum > 0xffffffff ? 1 : 0;
      s[w] = sum | (sw & ~mw);
    }
  }
  let ones = 0;
  for (let w = 0; w < words - 1; w++) ones += popcount(s[w]!);
  const rest = m - (words - 1) * WORD;
  const last = s[words - 1]!;
  ones += popcount(rest === WORD ? last : last & ((1 << rest) - 1));
  return m - ones;
}

function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
