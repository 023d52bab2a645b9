// The answers of the analytics routes as TypeScript types: the contract the dashboard reads
// (docs/analytics.md). The ui package keeps its own copy; nothing of the server is imported there.
import type { RateInterval } from './acceptance-rate.js';
import type { CalibrationSummary } from './calibration-metrics.js';
import type { Stats } from './completion-stats.js';
import type { Dimensions } from './read-dimensions.js';
import type { ModelPair } from './read-comparison.js';
import type { SurvivalAt } from './read-survival.js';

interface Head {
  from: string;
  to: string;
  scope: 'own' | 'all';
  asOfSeq: number;
}

export type { RateInterval, Stats, Dimensions };
export type Overview = Head & { stats: Stats };
export type Breakdown = Head & { by: string; rows: ({ key: string; label: string } & Stats)[] };
export type Comparison = Head & { models: { modelId: number; label: string }[]; pairs: ModelPair[] };
export type Survival = Head & { rows: { modelId: number; label: string; at: SurvivalAt[] }[] };
export type Calibration = Head & { models: ({ modelId: number; label: string } & CalibrationSummary)[] };
