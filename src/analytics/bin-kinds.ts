// What a row of analytics_hourly_bins counts (its `kind`): a latency histogram, a confidence bin with the sums
// calibration needs, or a ground-truth survival slot (bin = the slot's nominal seconds).

export const BIN_KIND = {
  generationMs: 1,
  servingMs: 2,
  confidence: 3,
  survival: 4,
} as const;

export type BinKind = (typeof BIN_KIND)[keyof typeof BIN_KIND];
