// The difference of an arm's acceptance rate to the default arm's, with a per-user cluster bootstrap: users,
// not completions, are resampled (with replacement, within each arm), because one user's completions are not
// independent of each other and users, not completions, were assigned to arms (docs/studies.md, "Statistics").
import { seededRandom } from '../platform/seeded-random.js';

export interface UserCounts {
  /** Completions shown to the user in the arm. */
  shown: number;
  accepted: number;
}

export interface BootstrapOptions {
  samples: number;
  seed: number;
  /** 0.95 for a 95 % interval. */
  level: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { samples: 2000, seed: 20_261_203, level: 0.95 };

export interface BootstrapDifference {
  /** rate(arm) − rate(default), each rate Σ accepted / Σ shown over the arm's users. */
  value: number;
  low: number;
  high: number;
  /** Two-sided: the smallest α at which the (1 − α) percentile interval excludes 0. */
  pValue: number;
  samples: number;
}

/** Null when either arm has no shown completion. Users are taken in the order given (sort them first). */
export function clusterBootstrapDifference(
  arm: readonly UserCounts[],
  control: readonly UserCounts[],
  options: BootstrapOptions = DEFAULT_BOOTSTRAP,
): BootstrapDifference | null {
  const value = pooledRate(arm) - pooledRate(control);
  if (!Number.isFinite(value)) return null;
  const random = seededRandom(options.seed);
  const diffs: number[] = [];
  for (let b = 0; b < options.samples; b += 1) {
    // The arm is resampled first, then the control, each with its own size: the order is part of the result.
    const d = resampledRate(arm, random) - resampledRate(control, random);
    if (Number.isFinite(d)) diffs.push(d);
  }
  if (diffs.length === 0) return null;
  diffs.sort((a, b) => a - b);
  const alpha = 1 - options.level;
  const below = diffs.filter((d) => d <= 0).length;
  const above = diffs.filter((d) => d >= 0).length;
  return {
    value,
    low: quantile(diffs, alpha / 2),
    high: quantile(diffs, 1 - alpha / 2),
    pValue: Math.min(1, (2 * Math.min(below, above)) / diffs.length),
    samples: diffs.length,
  };
}

export function pooledRate(users: readonly UserCounts[]): number {
  let shown = 0;
  let accepted = 0;
  for (const u of users) {
    shown += u.shown;
    accepted += u.accepted;
  }
  return shown === 0 ? Number.NaN : accepted / shown;
}

function resampledRate(users: readonly UserCounts[], random: () => number): number {
  let shown = 0;
  let accepted = 0;
  for (let i = 0; i < users.length; i += 1) {
    const u = users[Math.floor(random() * users.length)]!;
    shown += u.shown;
    accepted += u.accepted;
  }
  return shown === 0 ? Number.NaN : accepted / shown;
}

/** Linear interpolation between order statistics (R's type 7, numpy's default) of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
