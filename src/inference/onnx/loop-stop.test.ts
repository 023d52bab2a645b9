import { describe, expect, it } from 'vitest';
import { repeatedTailLength } from './loop-stop.js';

describe('loop stop', () => {
  it('finds a unit repeated three times and keeps one copy', () => {
    expect(repeatedTailLength([9, 1, 2, 1, 2, 1, 2])).toBe(4);
    expect(repeatedTailLength([5, 6, 7, 5, 6, 7, 5, 6, 7])).toBe(6);
  });

  it('allows a token to appear three times in a row, as in ")))"', () => {
    expect(repeatedTailLength([4, 3, 3, 3])).toBe(0);
    expect(repeatedTailLength([3, 3, 3, 3])).toBe(3);
  });

  it('leaves text without a repeating tail alone', () => {
    expect(repeatedTailLength([1, 2, 3, 1, 2, 4])).toBe(0);
    expect(repeatedTailLength([])).toBe(0);
  });
});
