// The Stats of one group of completions (the contract in docs/analytics.md): counts, rates with Wilson 95 %
// intervals, characters, and latency quantiles from the summed histograms.
import { charAcceptanceRate, rateInterval, type RateInterval } from './acceptance-rate.js';
import { histogramQuantile } from './histogram-quantile.js';

export interface Quantiles {
  p50: number | null;
  p95: number | null;
}

export interface Stats {
  generated: number;
  shown: number;
  accepted: number;
  acceptanceRate: RateInterval;
  shownChars: number;
  acceptedChars: number;
  charAcceptanceRate: number | null;
  generationMs: Quantiles;
  servingMs: Quantiles;
}

export interface StatsSums {
  generated: number;
  shown: number;
  accepted: number;
  shownChars: number;
  acceptedChars: number;
  /** bin → count */
  generationBins: Map<number, number>;
  servingBins: Map<number, number>;
}

export function emptySums(): StatsSums {
  return {
    generated: 0,
    shown: 0,
    accepted: 0,
    shownChars: 0,
    acceptedChars: 0,
    generationBins: new Map(),
    servingBins: new Map(),
  };
}

export function completionStats(s: StatsSums): Stats {
  return {
    generated: s.generated,
    shown: s.shown,
    accepted: s.accepted,
    acceptanceRate: rateInterval(s.accepted, s.shown),
    shownChars: s.shownChars,
    acceptedChars: s.acceptedChars,
    charAcceptanceRate: charAcceptanceRate(s.acceptedChars, s.shownChars),
    generationMs: quantiles(s.generationBins),
    servingMs: quantiles(s.servingBins),
  };
}

function quantiles(bins: ReadonlyMap<number, number>): Quantiles {
  return { p50: round(histogramQuantile(bins, 0.5)), p95: round(histogramQuantile(bins, 0.95)) };
}

/** Milliseconds to 0.1 ms: the bins are ±4.5 % wide, more digits would be noise. */
function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 10) / 10;
}
