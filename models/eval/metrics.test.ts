import { describe, expect, it } from 'vitest';
import { editSimilarity, exactMatch, levenshtein } from './metrics.js';

describe('line-completion metrics', () => {
  it('counts insertions, deletions and substitutions in the edit distance', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });

  it('scores edit similarity from 0 to 1 on stripped text', () => {
    expect(editSimilarity('  return a + b;', 'return a + b;  ')).toBe(1);
    expect(editSimilarity('abc', 'xyz')).toBe(0);
    expect(editSimilarity('return a;', 'return b;')).toBeCloseTo(1 - 1 / 9);
    expect(editSimilarity('', '')).toBe(1);
  });

  it('treats exact match as equality after stripping', () => {
    expect(exactMatch('foo() ', 'foo()')).toBe(true);
    expect(exactMatch('foo()', 'foo( )')).toBe(false);
  });
});
