// The bit-parallel LCS against the textbook O(n·m) table, on sequences across the 32-bit word boundaries.
import { describe, expect, it } from 'vitest';
import { MAX_COMPARED_SYMBOLS } from './compared-symbols.js';
import { lcsLengthOfIds, lcsOfText } from './lcs-length.js';

const lcsLengthOfText = (x: string, y: string) => lcsOfText(x, y).lcs;

function lcsByTable<T>(a: readonly T[], b: readonly T[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = [0];
    for (let j = 1; j <= b.length; j++)
      row[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, row[j - 1]!);
    previous = row;
  }
  return previous[b.length]!;
}

/** mulberry32: a seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// ASCII and Latin-1 (the table), BMP beyond it and an astral code point (the Map, surrogate pairs).
const ALPHABET = ['a', 'b', '(', ' ', 'é', 'ж', '→', '😀'];

describe('lcsOfText', () => {
  it('gives the hand-counted LCS of small cases', () => {
    expect(lcsLengthOfText('', '')).toBe(0);
    expect(lcsLengthOfText('abc', '')).toBe(0);
    expect(lcsLengthOfText('abc', 'abc')).toBe(3);
    expect(lcsLengthOfText('abcd', 'bda')).toBe(2); // "bd"
    expect(lcsLengthOfText('😀😀', '😀')).toBe(1); // one code point, not two code units
  });

  it('equals the O(n·m) table over code points on random texts of 0 to 150 characters, 1 to 5 words', () => {
    const next = random(20240917);
    for (let round = 0; round < 400; round++) {
      const letters = ALPHABET.slice(0, 1 + Math.floor(next() * ALPHABET.length));
      const make = () =>
        Array.from({ length: Math.floor(next() * 151) }, () => letters[Math.floor(next() * letters.length)]!);
      const a = make();
      const b = make();
      expect(lcsLengthOfText(a.join(''), b.join('')), `${a.join('')} / ${b.join('')}`).toBe(lcsByTable(a, b));
    }
  });

  it('is exact at the word boundaries 31, 32, 33, 64 and 65', () => {
    for (const m of [31, 32, 33, 64, 65]) {
      const a = Array.from({ length: m }, (_, i) => 'xyz'[i % 3]!);
      const reversed = [...a].reverse();
      expect(lcsLengthOfText(a.join(''), a.join(''))).toBe(m);
      expect(lcsLengthOfText(a.join(''), reversed.join(''))).toBe(lcsByTable(a, reversed));
    }
  });

  it('compares the first MAX_COMPARED_SYMBOLS code points of each side only', () => {
    const long = 'x'.repeat(MAX_COMPARED_SYMBOLS + 10);
    expect(lcsOfText(long, long)).toEqual({ lcs: MAX_COMPARED_SYMBOLS, compared: 2 * MAX_COMPARED_SYMBOLS });
    expect(lcsOfText('a😀', '😀')).toEqual({ lcs: 1, compared: 3 });
  });
});

describe('lcsLengthOfIds', () => {
  it('equals the O(n·m) table on random id sequences of 0 to 100 ids, either side the longer', () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const ids = 1 + Math.floor(next() * 8);
      const make = () => Array.from({ length: Math.floor(next() * 101) }, () => Math.floor(next() * ids));
      const a = make();
      const b = make();
      const lcs = lcsLengthOfIds(Int32Array.from(a), a.length, Int32Array.from(b), b.length, ids);
      expect(lcs).toBe(lcsByTable(a, b));
    }
  });
});
