// Log-scale bins of a latency in milliseconds: bin 0 holds [0, 1) ms, bin i ≥ 1 holds [2^((i−1)/8), 2^(i/8)) ms
// (eight bins an octave, each about 9 % wide), the last one everything from 2^20 ms (17 min) on. A quantile read
// from the bins is the geometric middle of its bin, within ±4.5 % of the true value (docs/analytics.md).

export const LATENCY_BINS_PER_OCTAVE = 8;
export const LATENCY_LAST_BIN = 20 * LATENCY_BINS_PER_OCTAVE + 1;

export function latencyBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(LATENCY_LAST_BIN, 1 + Math.floor(LATENCY_BINS_PER_OCTAVE * Math.log2(ms)));
}

/** The value a quantile falling into `bin` reports: the geometric middle of the bin (0 for bin 0). */
export function latencyBinValue(bin: number): number {
  if (bin <= 0) return 0;
  return 2 ** ((bin - 0.5) / LATENCY_BINS_PER_OCTAVE);
}
