// The bodies of the analytics routes (docs/analytics.md has the contract), each read in one snapshot with
// the read model's checkpoint (asOfSeq); the route adds the window and the scope.
import type { Db } from '../platform/db.js';
import type { AnalyticsFilter } from './analytics-filter.js';
import type { CalibrationSummary } from './calibration-metrics.js';
import { completionStats, emptySums, type Stats } from './completion-stats.js';
import { labelOf, type LabelKind } from './labels.js';
import { readAsOf } from './read-checkpoint.js';
import { readCalibration } from './read-calibration.js';
import { readComparison, type ModelPair } from './read-comparison.js';
import { readDimensions } from './read-dimensions.js';
import { readStatsSums, type StatsGrouping } from './read-stats.js';
import { readSurvival, type SurvivalAt } from './read-survival.js';

export type BreakdownBy = 'model' | 'language' | 'trigger' | 'version' | 'user' | 'time';
export const BREAKDOWNS: readonly BreakdownBy[] = ['model', 'language', 'trigger', 'version', 'user', 'time'];

export async function overviewAnswer(
  db: Db,
  filter: AnalyticsFilter,
): Promise<{ asOfSeq: number; stats: Stats }> {
  const { asOfSeq, value } = await readAsOf(db, (trx) => readStatsSums(trx, filter, 'all'));
  return { asOfSeq, stats: completionStats(value.get('all') ?? emptySums()) };
}

export async function breakdownAnswer(
  db: Db,
  filter: AnalyticsFilter,
  by: BreakdownBy,
  interval: 'hour' | 'day',
): Promise<{ asOfSeq: number; rows: ({ key: string; label: string } & Stats)[] }> {
  const grouping: StatsGrouping = by === 'time' ? interval : by;
  const { asOfSeq, value } = await readAsOf(db, (trx) => readStatsSums(trx, filter, grouping));
  const dimensions = by === 'time' ? null : await readDimensions(db, by === 'user');
  const rows = [...value].map(([key, sums]) => ({
    key,
    label: dimensions ? labelOf(dimensions, by as LabelKind, key) : key,
    ...completionStats(sums),
  }));
  const numeric = by !== 'time' && by !== 'user';
  rows.sort((a, b) => (numeric ? Number(a.key) - Number(b.key) : a.label.localeCompare(b.label)));
  return { asOfSeq, rows };
}

export async function comparisonAnswer(
  db: Db,
  filter: AnalyticsFilter,
  models: readonly number[],
): Promise<{ asOfSeq: number; models: { modelId: number; label: string }[]; pairs: ModelPair[] }> {
  const { asOfSeq, value } = await readAsOf(db, (trx) => readComparison(trx, filter, models));
  const dimensions = await readDimensions(db, false);
  const named = models.map((m) => ({ modelId: m, label: labelOf(dimensions, 'model', String(m)) }));
  return { asOfSeq, models: named, pairs: value };
}

export async function survivalAnswer(
  db: Db,
  filter: AnalyticsFilter,
): Promise<{ asOfSeq: number; rows: { modelId: number; label: string; at: SurvivalAt[] }[] }> {
  const { asOfSeq, value } = await readAsOf(db, (trx) => readSurvival(trx, filter));
  const dimensions = await readDimensions(db, false);
  const rows = [...value]
    .sort(([a], [b]) => a - b)
    .map(([modelId, at]) => ({ modelId, label: labelOf(dimensions, 'model', String(modelId)), at }));
  return { asOfSeq, rows };
}

export async function calibrationAnswer(
  db: Db,
  filter: AnalyticsFilter,
): Promise<{ asOfSeq: number; models: ({ modelId: number; label: string } & CalibrationSummary)[] }> {
  const { asOfSeq, value } = await readAsOf(db, (trx) => readCalibration(trx, filter));
  const dimensions = await readDimensions(db, false);
  const models = [...value]
    .sort(([a], [b]) => a - b)
    .map(([modelId, summary]) => ({
      modelId,
      label: labelOf(dimensions, 'model', String(modelId)),
      ...summary,
    }));
  return { asOfSeq, models };
}
