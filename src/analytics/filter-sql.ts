// The rows of one aggregate family a filter reads: the hours that overlap [from, to) and the dimension filters.
// A bucket is a whole UTC hour, so a window is as precise as the hour (docs/analytics.md). A filter of one user
// (a plain user's own data, user_id) or a breakdown by user reads the rows kept per user; everyone's reads the
// rollups for all users. Either way whole UTC days inside the window come from a daily table and the hours
// around them from an hourly one (by=time&interval=hour reads the hourly one only).
import { sql, type RawBuilder } from 'kysely';
import type { AnalyticsFilter } from './analytics-filter.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** '' counts, '_bins' the bins, '_pairs' the model pairs. */
export type Family = '' | '_bins' | '_pairs';

export interface Source {
  perUser: boolean;
  /** Whether whole days may come from the daily tables. */
  days: boolean;
}

export function sourceOf(filter: AnalyticsFilter, byUser = false, hourly = false): Source {
  return { perUser: filter.userId !== undefined || byUser, days: !hourly };
}

/** A FROM item (aliased t) with the rows of `family` the filter takes. */
export function sourceSql(f: AnalyticsFilter, family: Family, source: Source): RawBuilder<unknown> {
  const conditions = dimensionSql(f, family !== '_pairs', source.perUser);
  const lo = f.from.getTime() - HOUR_MS;
  const hi = f.to.getTime();
  const hours = sql`bucket > ${iso(lo)}::timestamptz AND bucket < ${iso(hi)}::timestamptz`;
  const hourly = sql.table(source.perUser ? `analytics_hourly${family}` : `analytics_all_hourly${family}`);
  const daily = sql.table(source.perUser ? `analytics_user_daily${family}` : `analytics_all_daily${family}`);
  const firstDay = Math.floor(lo / DAY_MS) * DAY_MS + DAY_MS;
  const endDay = Math.ceil((hi - 23 * HOUR_MS) / DAY_MS) * DAY_MS;
  if (!source.days || endDay <= firstDay)
    return sql`(SELECT * FROM ${hourly} WHERE ${hours} AND ${conditions}) t`;
  const days = sql`bucket >= ${iso(firstDay)}::timestamptz AND bucket < ${iso(endDay)}::timestamptz`;
  return sql`(SELECT * FROM ${daily} WHERE ${days} AND ${conditions}
    UNION ALL SELECT * FROM ${hourly} WHERE ${hours} AND NOT (${days}) AND ${conditions}) t`;
}

function dimensionSql(f: AnalyticsFilter, hasModel: boolean, perUser: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.modelId !== undefined && hasModel) parts.push(sql`model_id = ${f.modelId}`);
  if (f.languageId !== undefined) parts.push(sql`language_id = ${f.languageId}`);
  if (f.triggerTypeId !== undefined) parts.push(sql`trigger_type_id = ${f.triggerTypeId}`);
  if (f.pluginVersionId !== undefined) parts.push(sql`plugin_version_id = ${f.pluginVersionId}`);
  if (f.userId !== undefined && perUser) parts.push(sql`user_id = ${f.userId}::uuid`);
  return sql.join(parts, sql` AND `);
}

const iso = (ms: number): string => new Date(ms).toISOString();
