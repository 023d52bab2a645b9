// The WHERE clause of a filter over an hourly aggregate table: the hours that overlap [from, to) and the
// dimension filters. A bucket is a whole UTC hour, so a window is as precise as the hour (docs/analytics.md).
import { sql, type RawBuilder } from 'kysely';
import type { AnalyticsFilter } from './analytics-filter.js';

const HOUR_MS = 3_600_000;

/** `model` is the table's model column, or null where the table has none (the pairs). */
export function filterSql(f: AnalyticsFilter, model: string | null = 'model_id'): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`bucket > ${new Date(f.from.getTime() - HOUR_MS).toISOString()}::timestamptz`,
    sql`bucket < ${f.to.toISOString()}::timestamptz`,
  ];
  if (f.modelId !== undefined && model) parts.push(sql`${sql.ref(model)} = ${f.modelId}`);
  if (f.languageId !== undefined) parts.push(sql`language_id = ${f.languageId}`);
  if (f.triggerTypeId !== undefined) parts.push(sql`trigger_type_id = ${f.triggerTypeId}`);
  if (f.pluginVersionId !== undefined) parts.push(sql`plugin_version_id = ${f.pluginVersionId}`);
  if (f.userId !== undefined) parts.push(sql`user_id = ${f.userId}::uuid`);
  return sql.join(parts, sql` AND `);
}
