import { describe, expect, it } from 'vitest';
import { sortRows } from './sort';

describe('sortRows', () => {
  const rows = [{ v: 2 }, { v: null }, { v: 10 }, { v: 1 }];

  it('sorts numbers numerically both ways, missing values last either way', () => {
    expect(sortRows(rows, (r) => r.v, true).map((r) => r.v)).toEqual([10, 2, 1, null]);
    expect(sortRows(rows, (r) => r.v, false).map((r) => r.v)).toEqual([1, 2, 10, null]);
  });

  it('sorts text by locale and leaves the input as it was', () => {
    const names = [{ n: 'beta' }, { n: 'Alpha' }, { n: 'gamma' }];
    expect(sortRows(names, (r) => r.n, false).map((r) => r.n)).toEqual(['Alpha', 'beta', 'gamma']);
    expect(names[0]?.n).toBe('beta');
  });
});
