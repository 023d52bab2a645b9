// The rows of one aggregate family a filter reads: the hours that overlap [from, to) and the dimension filters.
// A bucket is a whole UTC hour, so a window is as precise as the hour (docs/analytics.md). A filter of one user
// (a plain user's own data, user_id, by=user) reads the per-user hourly rows; everyone's reads the rollups for
// all users: whole UTC days inside the window from the daily rollup, the hours around them from the hourly one.
import { sql, type RawBuilder } from 'kysely';
import type { AnalyticsFilter } from './analytics-filter.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** '' counts, '_bins' the bins, '_pairs' the model pairs. */
export type Family = '' | '_bins' | '_pairs';

/** per user: the user-keyed hourly rows; hour: the all-users hourly rollup; day: daily where it can. */
export type Source = 'per user' | 'hour' | 'day';

export function sourceOf(filter: AnalyticsFilter, byUser = false, hourly = false): Source {
  if (filter.userId !== undefined || byUser) return 'per user';
  return hourly ? 'hour' : 'day';
}

/** A FROM item (aliased t) with the rows of `family` the filter takes, read from `source`. */
export function sourceSql(f: AnalyticsFilter, family: Family, source: Source): RawBuilder<unknown> {
  const dims = dimensionSql(f, family !== '_pairs');
  const lo = f.from.getTime() - HOUR_MS;
  const hi = f.to.getTime();
  const hours = sql`bucket > ${iso(lo)}::timestamptz AND bucket < ${iso(hi)}::timestamptz`;
  if (source === 'per user') {
    const user = f.userId === undefined ? sql`true` : sql`user_id = ${f.userId}::uuid`;
    return sql`(SELECT * FROM ${sql.table(`analytics_hourly${family}`)} WHERE ${hours} AND ${user} AND ${dims}) t`;
  }
  const hourly = sql.table(`analytics_all_hourly${family}`);
  const firstDay = Math.floor(lo / DAY_MS) * DAY_MS + DAY_MS;
  const endDay = Math.ceil((hi - 23 * HOUR_MS) / DAY_MS) * DAY_MS;
  if (source === 'hour' || endDay <= firstDay)
    return sql`(SELECT * FROM ${hourly} WHERE ${hours} AND ${dims}) t`;
  const days = sql`bucket >= ${iso(firstDay)}::timestamptz AND bucket < ${iso(endDay)}::timestamptz`;
  return sql`(SELECT * FROM ${sql.table(`analytics_all_daily${family}`)} WHERE ${days} AND ${dims}
    UNION ALL SELECT * FROM ${hourly} WHERE ${hours} AND NOT (${days}) AND ${dims}) t`;
}

function dimensionSql(f: AnalyticsFilter, hasModel: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.modelId !== undefined && hasModel) parts.push(sql`model_id = ${f.modelId}`);
  if (f.languageId !== undefined) parts.push(sql`language_id = ${f.languageId}`);
  if (f.triggerTypeId !== undefined) parts.push(sql`trigger_type_id = ${f.triggerTypeId}`);
  if (f.pluginVersionId !== undefined) parts.push(sql`plugin_version_id = ${f.pluginVersionId}`);
  return sql.join(parts, sql` AND `);
}

const iso = (ms: number): string => new Date(ms).toISOString();
