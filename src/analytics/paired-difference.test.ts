// Newcombe's paired interval (method 10) worked out by hand for one 2×2 table, and its symmetries.
import { describe, expect, it } from 'vitest';
import { pairedDifference } from './paired-difference.js';

describe('pairedDifference', () => {
  it('gives 0.2 [−0.15563, 0.49023] for n11 = 2, n10 = 3, n01 = 1, n00 = 4', () => {
    // p1 = 5/10, Wilson [0.236590, 0.763410]; p2 = 3/10, Wilson [0.107789, 0.603227];
    // φ = (2·4 − 3·1)/√(5·5·3·7) = 5/√525 = 0.218218;
    // δ = √(0.263410² − 2φ·0.263410·0.303227 + 0.303227²) = √0.126472 = 0.355629;
    // ε = √(0.263410² − 2φ·0.263410·0.192211 + 0.192211²) = √0.084233 = 0.290229.
    const d = pairedDifference({ n11: 2, n10: 3, n01: 1, n00: 4 })!;
    expect(d.value).toBeCloseTo(0.2, 10);
    expect(d.low).toBeCloseTo(-0.15563, 5);
    expect(d.high).toBeCloseTo(0.49023, 5);
  });

  it('is symmetric around 0 when both models are accepted equally often', () => {
    const d = pairedDifference({ n11: 4, n10: 3, n01: 3, n00: 5 })!;
    expect(d.value).toBe(0);
    expect(d.low).toBeCloseTo(-d.high, 12);
  });

  it('mirrors when the models swap, and is null without paired queries', () => {
    const ab = pairedDifference({ n11: 2, n10: 3, n01: 1, n00: 4 })!;
    const ba = pairedDifference({ n11: 2, n10: 1, n01: 3, n00: 4 })!;
    expect(ba.value).toBeCloseTo(-ab.value, 12);
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(pairedDifference({ n11: 0, n10: 0, n01: 0, n00: 0 })).toBeNull();
  });
});
