// The Wilson score interval of a binomial proportion (Wilson 1927), the interval the acceptance rate carries.
// Unlike the Wald interval p ± z·√(p(1−p)/n) (what the Python server's analytics report), it stays inside
// [0, 1] and does not collapse to a point at 0 or n successes.
//
//   p̂ = k/n    centre = (p̂ + z²/2n) / (1 + z²/n)    half = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²)
//   interval = [centre − half, centre + half]

export interface ProportionInterval {
  low: number;
  high: number;
}

/** The Wilson interval for `successes` out of `trials` (z = 1.96: 95 %); null when there are no trials. */
export function wilsonInterval(successes: number, trials: number, z = 1.96): ProportionInterval | null {
  if (trials === 0) return null;
  if (!(successes >= 0 && successes <= trials))
    throw new RangeError(`${successes} successes in ${trials} trials`);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Clamped: at k = 0 or k = n the bound is 0 or 1 in exact arithmetic, a hair off it in floating point.
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
