// The short definition of each metric shown beside it (the full ones: docs/analytics.md).
export const DEFINITIONS = {
  generated:
    'Completions a model produced without an error, for a request in the window (the time a request arrived).',
  shown:
    'Generated completions that were in an answer the plugin received. The plugin sends no view event, so this counts delivery, not that the text was on screen long enough to read (Sourcegraph counts only after it was visible; we cannot).',
  accepted:
    'Shown completions whose latest feedback from the plugin says accepted (a later feedback replaces an earlier one).',
  acceptanceRate: 'Accepted ÷ shown, with its 95 % Wilson score interval in brackets (n = shown).',
  charAcceptance:
    'Accepted characters ÷ shown characters: long accepted completions weigh more (as in Sourcegraph’s character-weighted acceptance).',
  latency:
    'Generation: the model’s own time for a completion. Serving: the whole request at the API, from arrival to answer. Median (p50) and 95th percentile (p95).',
  comparison:
    'Paired on the same queries: only requests where both models’ completions were shown count. Difference = rate of A − rate of B, with a 95 % interval for paired proportions.',
  survival:
    'Ground truth: the text around the completion 15, 45 and 90 s after it was shown. Edit similarity is 0–100 (100 = unchanged); retained = at least 67 % of the accepted text survives (Sourcegraph’s definition).',
  calibration:
    'How well a model’s confidence predicts acceptance of a shown completion. Reliability diagram: acceptance rate against mean confidence per bin. ECE: the n-weighted mean gap over 10 equal-width bins (confidence 0 in the first) or 10 equal-mass bins. Brier: mean (confidence − accepted)². Brier skill: 1 − Brier ÷ (base rate × (1 − base rate)); above 0 beats always predicting the base rate.',
} as const;

export type Term = keyof typeof DEFINITIONS;

export const TERM_NAMES: Record<Term, string> = {
  generated: 'Completions (generated)',
  shown: 'Shown',
  accepted: 'Accepted',
  acceptanceRate: 'Acceptance rate',
  charAcceptance: 'Character-weighted acceptance',
  latency: 'Generation and serving time',
  comparison: 'Model comparison',
  survival: 'Ground-truth survival',
  calibration: 'Calibration',
};
