// Ground-truth survival per model: at each snapshot slot (15, 45, 90 s after the acceptance), how many
// accepted completions had a snapshot there, their mean edit similarity and the share retained (≥ 67 %).
import { sql } from 'kysely';
import type { Db } from '../platform/db.js';
import { SNAPSHOT_SLOTS } from '../evaluation/snapshot-slots.js';
import { rateInterval, type RateInterval } from './acceptance-rate.js';
import type { AnalyticsFilter } from './analytics-filter.js';
import { BIN_KIND } from './bin-kinds.js';
import { sourceOf, sourceSql } from './filter-sql.js';

export interface SurvivalAt {
  seconds: number;
  n: number;
  meanEditSimilarity: number | null;
  retained: RateInterval;
}

export async function readSurvival(db: Db, filter: AnalyticsFilter): Promise<Map<number, SurvivalAt[]>> {
  const { rows } = await sql<{ model_id: number; bin: number; n: number; hits: number; total: number }>`
    SELECT model_id, bin, sum(n)::float8 AS n, sum(hits)::float8 AS hits, sum(total)::float8 AS total
    FROM ${sourceSql(filter, '_bins', sourceOf(filter))} WHERE kind = ${BIN_KIND.survival}
    GROUP BY 1, 2`.execute(db);
  const out = new Map<number, SurvivalAt[]>();
  for (const model of new Set(rows.filter((r) => r.n > 0).map((r) => r.model_id))) {
    out.set(
      model,
      SNAPSHOT_SLOTS.map((slot) => {
        const r = rows.find((x) => x.model_id === model && x.bin === slot.nominalSeconds);
        const n = r?.n ?? 0;
        return {
          seconds: slot.nominalSeconds,
          n,
          meanEditSimilarity: n === 0 ? null : r!.total / 1e6 / n,
          retained: rateInterval(r?.hits ?? 0, n),
        };
      }),
    );
  }
  return out;
}
