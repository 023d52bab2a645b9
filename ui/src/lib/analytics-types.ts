// The analytics HTTP contract of the API (/api/analytics/*, docs/analytics.md), as the UI reads it.
export type Interval = { value: number; low: number; high: number } | null;
export type Quantiles = { p50: number | null; p95: number | null };
export type Scope = 'own' | 'all';

export interface Stats {
  generated: number;
  shown: number;
  accepted: number;
  acceptanceRate: Interval;
  shownChars: number;
  acceptedChars: number;
  charAcceptanceRate: number | null;
  generationMs: Quantiles;
  servingMs: Quantiles;
}

interface Answer {
  from: string;
  to: string;
  scope: Scope;
  asOfSeq: number;
}

export interface Overview extends Answer {
  stats: Stats;
}

export type BreakdownBy = 'model' | 'language' | 'trigger' | 'version' | 'user' | 'time';
export type BreakdownRow = { key: string; label: string } & Stats;
export interface Breakdown extends Answer {
  by: string;
  rows: BreakdownRow[];
}

export interface ComparisonPair {
  a: number;
  b: number;
  queries: number;
  aAccepted: number;
  bAccepted: number;
  bothAccepted: number;
  aRate: Interval;
  bRate: Interval;
  difference: { value: number; low: number; high: number } | null;
}
export interface Comparison extends Answer {
  models: Array<{ modelId: number; label: string }>;
  pairs: ComparisonPair[];
}

export interface SurvivalPoint {
  seconds: 15 | 45 | 90;
  n: number;
  meanEditSimilarity: number | null;
  retained: Interval;
}
export interface Survival extends Answer {
  rows: Array<{ modelId: number; label: string; at: SurvivalPoint[] }>;
}

export interface Bin {
  low: number;
  high: number;
  n: number;
  meanConfidence: number | null;
  acceptanceRate: number | null;
}
export interface CalibrationModel {
  modelId: number;
  label: string;
  n: number;
  baseRate: number | null;
  brier: number | null;
  brierSkill: number | null;
  eceEqualWidth: number | null;
  eceEqualMass: number | null;
  equalWidth: Bin[];
  equalMass: Bin[];
}
export interface Calibration extends Answer {
  models: CalibrationModel[];
}

export type Named<I> = { id: I; name: string };
export interface Dimensions {
  models: Named<number>[];
  languages: Named<number>[];
  triggers: Named<number>[];
  versions: Named<number>[];
  users?: Named<string>[];
}
