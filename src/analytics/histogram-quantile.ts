// A quantile of a histogram of latency bins (latency-bins.ts): the nearest-rank quantile (the smallest value
// with at least ⌈p·N⌉ values at or below it), reported as the value of the bin it falls into.
import { latencyBinValue } from './latency-bins.js';

/** `counts` maps bin → count; null when the histogram is empty. */
export function histogramQuantile(counts: ReadonlyMap<number, number>, p: number): number | null {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const bin of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(bin)!;
    if (seen >= rank) return latencyBinValue(bin);
  }
  return null;
}
