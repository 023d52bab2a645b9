// Calibration per model from the fine confidence bins of the shown completions that reported a confidence
// (calibration-metrics.ts computes the scores and reliability bins).
import { sql } from 'kysely';
import type { Db } from '../platform/db.js';
import type { AnalyticsFilter } from './analytics-filter.js';
import { BIN_KIND } from './bin-kinds.js';
import { summarizeCalibration, type CalibrationSummary, type FineBin } from './calibration-metrics.js';
import { sourceOf, sourceSql } from './filter-sql.js';

export async function readCalibration(
  db: Db,
  filter: AnalyticsFilter,
): Promise<Map<number, CalibrationSummary>> {
  const { rows } = await sql<FineBin & { model_id: number }>`
    SELECT model_id, bin, sum(n)::float8 AS n, sum(hits)::float8 AS accepted, sum(total)::float8 AS "sumC",
      sum(total_square)::float8 AS "sumC2", sum(total_hit)::float8 AS "sumCY"
    FROM ${sourceSql(filter, '_bins', sourceOf(filter))} WHERE kind = ${BIN_KIND.confidence}
    GROUP BY 1, 2`.execute(db);
  const byModel = new Map<number, FineBin[]>();
  for (const r of rows) {
    if (!byModel.has(r.model_id)) byModel.set(r.model_id, []);
    byModel.get(r.model_id)!.push(r);
  }
  const out = new Map<number, CalibrationSummary>();
  for (const [model, bins] of byModel) {
    const summary = summarizeCalibration(bins);
    if (summary.n > 0) out.set(model, summary);
  }
  return out;
}
