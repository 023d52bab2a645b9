// Fine bins of a model's confidence: bin f = ⌊100·c⌋ holds [f/100, (f+1)/100), bin 99 also holds 1; confidence
// 0 is bin 0. Each bin keeps its sums in micro-units (c·10⁶ rounded), so the Brier score and the equal-width
// reliability bins (ten fine bins each) are exact, and equal-mass bins are cut at fine-bin boundaries.

export const CONFIDENCE_FINE_BINS = 100;
export const CONFIDENCE_SCALE = 1_000_000;

export function confidenceBin(confidence: number): number {
  return Math.min(CONFIDENCE_FINE_BINS - 1, Math.max(0, Math.floor(confidence * CONFIDENCE_FINE_BINS)));
}

/** The confidence in micro-units, the form the sums keep. */
export function confidenceMicros(confidence: number): number {
  return Math.round(confidence * CONFIDENCE_SCALE);
}
