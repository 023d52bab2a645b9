// Latency bins and quantiles, acceptance rates and survival scores, worked out by hand.
import { describe, expect, it } from 'vitest';
import { charAcceptanceRate, rateInterval } from './acceptance-rate.js';
import { histogramQuantile } from './histogram-quantile.js';
import { latencyBin, latencyBinValue } from './latency-bins.js';
import { scoreSnapshot } from './survival-score.js';

describe('latency bins', () => {
  it('puts 0 ms in bin 0, 1 ms in bin 1, 2 ms in bin 9 and 100 ms in bin 54', () => {
    // bin = 1 + ⌊8·log2(ms)⌋: log2(100) = 6.6439 → 1 + ⌊53.15⌋ = 54.
    expect([0, 0.5, 1, 2, 100].map(latencyBin)).toEqual([0, 0, 1, 9, 54]);
    expect(latencyBin(10 ** 9)).toBe(161);
  });

  it('reads p50 and p95 as the geometric middle of the bin the rank falls in', () => {
    // Three values in bin 9 ([2, 2.18) ms) and one in bin 17 ([4, 4.36) ms): rank ⌈0.5·4⌉ = 2 → bin 9,
    // 2^(8.5/8) = 2.08855; rank ⌈0.95·4⌉ = 4 → bin 17, 2^(16.5/8) = 4.17710.
    const bins = new Map([
      [17, 1],
      [9, 3],
    ]);
    expect(histogramQuantile(bins, 0.5)).toBeCloseTo(2.08855, 5);
    expect(histogramQuantile(bins, 0.95)).toBeCloseTo(4.1771, 4);
    expect(latencyBinValue(0)).toBe(0);
    expect(histogramQuantile(new Map(), 0.5)).toBeNull();
  });
});

describe('acceptance rates', () => {
  it('gives 5 of 10 as 0.5 with its Wilson interval [0.23659, 0.76341], and null for nothing shown', () => {
    const r = rateInterval(5, 10)!;
    expect(r.value).toBe(0.5);
    expect(r.low).toBeCloseTo(0.23659, 5);
    expect(r.high).toBeCloseTo(0.76341, 5);
    expect(rateInterval(0, 0)).toBeNull();
  });

  it('weights by characters: 30 of 120 shown characters accepted is 0.25', () => {
    expect(charAcceptanceRate(30, 120)).toBe(0.25);
    expect(charAcceptanceRate(0, 0)).toBeNull();
  });
});

describe('scoreSnapshot', () => {
  it('gives edit similarity 75 and retained for "return x;" inside "return x;  # ok"', () => {
    // es = 100·2·LCS/(|p| + |t|) = 100·2·9/(9 + 15) = 75; all 9 characters survive (≥ 67 %).
    expect(scoreSnapshot('return x;', 'return x;  # ok')).toEqual({ editSimilarity: 75, retained: true });
  });

  it('is not retained when less than 67 % of the completion survives', () => {
    // p = "abcdef", t = "abcxyz": LCS 3 of 6 = 50 %; es = 100·2·3/12 = 50.
    expect(scoreSnapshot('abcdef', 'abcxyz')).toEqual({ editSimilarity: 50, retained: false });
    // 4 of 6 = 66.7 % < 67 %.
    expect(scoreSnapshot('abcdef', 'abcdxy')!.retained).toBe(false);
  });

  it('leaves out a snapshot that is only whitespace', () => {
    expect(scoreSnapshot('x = 1', ' \n\t')).toBeNull();
  });
});
