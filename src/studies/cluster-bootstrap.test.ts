import { describe, expect, it } from 'vitest';
import { clusterBootstrapDifference, pooledRate, quantile, type UserCounts } from './cluster-bootstrap.js';
import { seededRandom } from '../platform/seeded-random.js';

/** Users with a per-user acceptance propensity, so completions are clustered in users as in real studies. */
function users(n: number, meanRate: number, seed: number): UserCounts[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const shown = 5 + Math.floor(random() * 30);
    const p = Math.min(0.95, Math.max(0.05, meanRate + (random() - 0.5) * 0.4));
    let accepted = 0;
    for (let i = 0; i < shown; i += 1) if (random() < p) accepted += 1;
    return { shown, accepted };
  });
}

/**
 * The cluster-robust (delta-method) standard error of a ratio Σa/Σs over independent users, the analytic
 * counterpart of the per-user bootstrap: Var ≈ Σ (a_i − r·s_i)² / (Σ s)².
 */
function clusterSe(group: UserCounts[]): number {
  const r = pooledRate(group);
  const total = group.reduce((s, u) => s + u.shown, 0);
  const resid = group.reduce((s, u) => s + (u.accepted - r * u.shown) ** 2, 0);
  return Math.sqrt(resid) / total;
}

describe('the per-user cluster bootstrap of a difference in acceptance rate', () => {
  it('agrees with the cluster-robust normal interval on 300 users per arm', () => {
    const arm = users(300, 0.45, 1);
    const control = users(300, 0.35, 2);
    const result = clusterBootstrapDifference(arm, control, { samples: 4000, seed: 7, level: 0.95 })!;
    const d = pooledRate(arm) - pooledRate(control);
    const se = Math.sqrt(clusterSe(arm) ** 2 + clusterSe(control) ** 2);
    expect(result.value).toBe(d);
    expect(result.low).toBeCloseTo(d - 1.96 * se, 2);
    expect(result.high).toBeCloseTo(d + 1.96 * se, 2);
    expect(result.pValue).toBeLessThan(0.001);
  });

  it('finds no difference between two arms drawn alike (interval around 0, large p-value)', () => {
    const result = clusterBootstrapDifference(users(200, 0.4, 3), users(200, 0.4, 4))!;
    expect(result.low).toBeLessThan(0);
    expect(result.high).toBeGreaterThan(0);
    expect(result.pValue).toBeGreaterThan(0.05);
  });

  it('is wider than the interval that treats completions as independent when users differ', () => {
    const arm = users(100, 0.5, 5);
    const control = users(100, 0.5, 6);
    const result = clusterBootstrapDifference(arm, control)!;
    const naive = (g: UserCounts[]) => {
      const n = g.reduce((s, u) => s + u.shown, 0);
      const p = pooledRate(g);
      return (p * (1 - p)) / n;
    };
    const naiveHalf = 1.96 * Math.sqrt(naive(arm) + naive(control));
    expect((result.high - result.low) / 2).toBeGreaterThan(naiveHalf);
  });

  it('gives the same interval for the same seed and none without shown completions', () => {
    const arm = users(20, 0.5, 8);
    const control = users(20, 0.3, 9);
    expect(clusterBootstrapDifference(arm, control)).toEqual(clusterBootstrapDifference(arm, control));
    expect(clusterBootstrapDifference([{ shown: 0, accepted: 0 }], control)).toBeNull();
  });

  it('interpolates quantiles as numpy does by default', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 12);
  });
});
