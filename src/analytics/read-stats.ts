// Reads the Stats of a filter's completions from the hourly aggregates, as one group or grouped by a
// dimension or by hour or day: two aggregate queries (counts; latency bins), never the generations.
// Everyone's numbers come from the all-users rollups (filter-sql.ts), one user's from the per-user rows.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../platform/db.js';
import type { AnalyticsFilter } from './analytics-filter.js';
import { BIN_KIND } from './bin-kinds.js';
import { emptySums, type StatsSums } from './completion-stats.js';
import { sourceOf, sourceSql } from './filter-sql.js';

export type StatsGrouping = 'all' | 'model' | 'language' | 'trigger' | 'version' | 'user' | 'hour' | 'day';

const KEYS: Record<StatsGrouping, RawBuilder<string>> = {
  all: sql<string>`'all'`,
  model: sql<string>`model_id::text`,
  language: sql<string>`language_id::text`,
  trigger: sql<string>`trigger_type_id::text`,
  version: sql<string>`plugin_version_id::text`,
  user: sql<string>`user_id::text`,
  hour: sql<string>`to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00.000"Z"')`,
  day: sql<string>`to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T00:00:00.000Z"')`,
};

/** The sums of each group, by key (ids as text, time buckets as ISO instants). */
export async function readStatsSums(
  db: Db,
  filter: AnalyticsFilter,
  grouping: StatsGrouping,
): Promise<Map<string, StatsSums>> {
  const key = KEYS[grouping];
  const source = sourceOf(filter, grouping === 'user', grouping === 'hour');
  const counts = await sql<{
    key: string;
    generated: number;
    shown: number;
    accepted: number;
    shown_chars: number;
    accepted_chars: number;
  }>`SELECT ${key} AS key, sum(generated)::float8 AS generated, sum(shown)::float8 AS shown,
       sum(accepted)::float8 AS accepted, sum(shown_chars)::float8 AS shown_chars,
       sum(accepted_chars)::float8 AS accepted_chars
     FROM ${sourceSql(filter, '', source)} GROUP BY 1`.execute(db);
  const bins = await sql<{ key: string; kind: number; bin: number; n: number }>`
    SELECT ${key} AS key, kind, bin, sum(n)::float8 AS n FROM ${sourceSql(filter, '_bins', source)}
    WHERE kind IN (${BIN_KIND.generationMs}, ${BIN_KIND.servingMs}) GROUP BY 1, 2, 3`.execute(db);
  const out = new Map<string, StatsSums>();
  for (const r of counts.rows) {
    out.set(r.key, {
      ...emptySums(),
      generated: r.generated,
      shown: r.shown,
      accepted: r.accepted,
      shownChars: r.shown_chars,
      acceptedChars: r.accepted_chars,
    });
  }
  for (const r of bins.rows) {
    const sums = out.get(r.key);
    if (!sums) continue;
    (r.kind === BIN_KIND.generationMs ? sums.generationBins : sums.servingBins).set(r.bin, r.n);
  }
  return out;
}
