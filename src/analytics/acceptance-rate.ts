// A proportion with its Wilson 95 % interval, the form every rate of the analytics routes takes (null when
// nothing was counted), and the character-weighted acceptance beside the count-based one.
import { wilsonInterval } from '../evaluation/wilson-interval.js';

export type RateInterval = { value: number; low: number; high: number } | null;

export function rateInterval(successes: number, trials: number): RateInterval {
  const ci = wilsonInterval(successes, trials);
  return ci === null ? null : { value: successes / trials, low: ci.low, high: ci.high };
}

/** Accepted characters over shown characters; null when nothing was shown. */
export function charAcceptanceRate(acceptedChars: number, shownChars: number): number | null {
  return shownChars === 0 ? null : acceptedChars / shownChars;
}
