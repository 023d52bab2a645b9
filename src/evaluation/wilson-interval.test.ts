// Wilson intervals worked out by hand with z = 1.96 (z² = 3.8416); also checked against a Python transcription.
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval.js';

describe('wilsonInterval', () => {
  it('gives [0, 0.27754] for 0 of 10', () => {
    // p = 0; 1 + z²/n = 1.38416; centre = (z²/20)/1.38416 = 0.19208/1.38416 = 0.138770;
    // half = (1.96/1.38416)·√(z²/400) = 1.416021·0.098 = 0.138770 → [0, 0.277540].
    const ci = wilsonInterval(0, 10)!;
    expect(ci.low).toBe(0);
    expect(ci.high).toBeCloseTo(0.27754, 5);
  });

  it('gives [0.23659, 0.76341] for 5 of 10', () => {
    // p = 0.5; centre = (0.5 + 0.19208)/1.38416 = 0.5; half = 1.416021·√(0.025 + 0.009604) = 1.416021·0.186021
    // = 0.263410 → [0.236590, 0.763410].
    const ci = wilsonInterval(5, 10)!;
    expect(ci.low).toBeCloseTo(0.23659, 5);
    expect(ci.high).toBeCloseTo(0.76341, 5);
  });

  it('gives [0.72246, 1] for 10 of 10, the mirror of 0 of 10', () => {
    const ci = wilsonInterval(10, 10)!;
    expect(ci.low).toBeCloseTo(1 - 0.27754, 5);
    expect(ci.high).toBe(1);
  });

  it('is null for no trials, and refuses more successes than trials', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });

  it('narrows with a smaller z', () => {
    // z = 1: 1 + 1/10 = 1.1; centre = (0.5 + 0.05)/1.1 = 0.5; half = (1/1.1)·√(0.025 + 0.0025) = 0.150756.
    const ci = wilsonInterval(5, 10, 1)!;
    expect(ci.low).toBeCloseTo(0.5 - 0.150756, 5);
    expect(ci.high).toBeCloseTo(0.5 + 0.150756, 5);
  });
});
