// Brier score, Brier skill and both ECEs worked out by hand from a few completions put into fine bins.
import { describe, expect, it } from 'vitest';
import { summarizeCalibration, type FineBin } from './calibration-metrics.js';
import { confidenceBin, confidenceMicros } from './confidence-bins.js';

/** The fine bins of (confidence, accepted) pairs, summed as the read model sums them. */
function binsOf(cases: [number, boolean][]): FineBin[] {
  const bins = new Map<number, FineBin>();
  for (const [c, y] of cases) {
    const bin = confidenceBin(c);
    const b = bins.get(bin) ?? { bin, n: 0, accepted: 0, sumC: 0, sumC2: 0, sumCY: 0 };
    const m = confidenceMicros(c);
    b.n += 1;
    b.accepted += +y;
    b.sumC += m;
    b.sumC2 += m * m;
    b.sumCY += y ? m : 0;
    bins.set(bin, b);
  }
  return [...bins.values()];
}

describe('summarizeCalibration', () => {
  it('gives Brier 0.175, skill 0.06667 and ECE 0.2 for (0.2, no), (0.2, yes), (0.9, yes), (0.9, yes)', () => {
    // Brier = (0.2² + 0.8² + 0.1² + 0.1²)/4 = 0.70/4 = 0.175; base rate 3/4, reference 0.75·0.25 = 0.1875;
    // skill = 1 − 0.175/0.1875 = 0.066667. ECE = ½·|0.2 − 0.5| + ½·|0.9 − 1| = 0.15 + 0.05 = 0.2.
    const s = summarizeCalibration(
      binsOf([
        [0.2, false],
        [0.2, true],
        [0.9, true],
        [0.9, true],
      ]),
    );
    expect(s.n).toBe(4);
    expect(s.baseRate).toBe(0.75);
    expect(s.brier).toBeCloseTo(0.175, 12);
    expect(s.brierSkill).toBeCloseTo(0.066667, 6);
    expect(s.eceEqualWidth).toBeCloseTo(0.2, 12);
    expect(s.eceEqualMass).toBeCloseTo(0.2, 12);
    expect(s.equalWidth).toHaveLength(10);
    expect(s.equalWidth[2]).toEqual({ low: 0.2, high: 0.3, n: 2, meanConfidence: 0.2, acceptanceRate: 0.5 });
    expect(s.equalWidth[9]).toMatchObject({ n: 2, acceptanceRate: 1 });
    expect(s.equalWidth[0]).toEqual({ low: 0, high: 0.1, n: 0, meanConfidence: null, acceptanceRate: null });
  });

  it('counts confidence 0 and 1 in the first and last bins', () => {
    const s = summarizeCalibration(
      binsOf([
        [0, false],
        [1, true],
      ]),
    );
    expect(s.equalWidth[0]!.n).toBe(1);
    expect(s.equalWidth[9]!.n).toBe(1);
    expect(s.brier).toBe(0);
    expect(s.eceEqualWidth).toBe(0);
  });

  it('cuts equal-mass bins at fine-bin boundaries, ten values into ten bins of one', () => {
    // c = 0.05, 0.15, …, 0.95, accepted from 0.55 on: each bin |c − y| = 0.05, 0.15, 0.25, 0.35, 0.45, 0.45,
    // 0.35, 0.25, 0.15, 0.05 → ECE = 2.5/10 = 0.25, in both schemes.
    const cases = Array.from({ length: 10 }, (_, i): [number, boolean] => [0.05 + i / 10, i >= 5]);
    const s = summarizeCalibration(binsOf(cases));
    expect(s.equalMass.map((b) => b.n)).toEqual(Array(10).fill(1));
    expect(s.eceEqualMass).toBeCloseTo(0.25, 12);
    expect(s.eceEqualWidth).toBeCloseTo(0.25, 12);
  });

  it('keeps a crowded fine bin whole: five at 0.1 (one accepted) and five at 0.91 (all accepted) make two bins', () => {
    // ECE = ½·|0.1 − 0.2| + ½·|0.91 − 1| = 0.05 + 0.045 = 0.095.
    const cases: [number, boolean][] = [
      ...Array.from({ length: 5 }, (_, i): [number, boolean] => [0.1, i === 0]),
      ...Array.from({ length: 5 }, (): [number, boolean] => [0.91, true]),
    ];
    const s = summarizeCalibration(binsOf(cases));
    expect(s.equalMass.map((b) => [b.low, b.high, b.n])).toEqual([
      [0.1, 0.11, 5],
      [0.91, 0.92, 5],
    ]);
    expect(s.eceEqualMass).toBeCloseTo(0.095, 12);
  });

  it('has no scores without completions, and no skill when every completion was accepted', () => {
    expect(summarizeCalibration([])).toMatchObject({
      n: 0,
      brier: null,
      brierSkill: null,
      eceEqualWidth: null,
    });
    expect(summarizeCalibration(binsOf([[0.7, true]])).brierSkill).toBeNull();
  });
});
