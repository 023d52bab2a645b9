import { describe, expect, it } from 'vitest';
import { fmtCount, fmtInterval, fmtMs, fmtPct, fmtPoints } from './format';

describe('the number formats', () => {
  it('writes proportions as percentages and intervals in brackets, a dash for nothing', () => {
    expect(fmtPct(0.375)).toBe('37.5 %');
    expect(fmtPct(null)).toBe('–');
    expect(fmtInterval({ value: 0.5, low: 0.215, high: 0.785 })).toBe('[21.5 %, 78.5 %]');
    expect(fmtInterval(null)).toBe('');
  });

  it('writes differences in signed percentage points, times in ms or s, counts with separators', () => {
    expect(fmtPoints(0.125)).toBe('+12.5 pp');
    expect(fmtPoints(-0.03)).toBe('-3.0 pp');
    expect(fmtMs(412.4)).toBe('412 ms');
    expect(fmtMs(1520)).toBe('1.52 s');
    expect(fmtCount(1234567)).toBe('1,234,567');
  });
});
