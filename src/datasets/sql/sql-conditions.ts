// SQL fragments every row source shares: the filters as conditions on the dataset's own columns, and "as of
// stream sequence N" on the sequences migration 0007 records (null on rows written before it: they count as
// older than any pin).
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilterName, DatasetFilters } from '../dataset-filters.js';

type Sql = RawBuilder<unknown>;

/** The column (an SQL expression) each filter the dataset takes compares with; `time` serves from and to. */
export type FilterColumns = Partial<Record<Exclude<DatasetFilterName, 'from' | 'to'> | 'time', Sql>>;

/** The given filters as conditions; a filter without a column here is a bug of the dataset's definition. */
export function filterConditions(filters: DatasetFilters, columns: FilterColumns): Sql[] {
  const out: Sql[] = [];
  const column = (name: keyof FilterColumns): Sql => {
    const c = columns[name];
    if (!c) throw new Error(`this dataset has no column for the ${name} filter`);
    return c;
  };
  if (filters.from) out.push(sql`${column('time')} >= ${filters.from}`);
  if (filters.to) out.push(sql`${column('time')} < ${filters.to}`);
  for (const name of ['model_id', 'language_id', 'trigger_type_id', 'user_id', 'project_id'] as const) {
    const value = filters[name];
    if (value !== undefined) out.push(sql`${column(name)} = ${value}`);
  }
  return out;
}

/** `a AND b AND …`, TRUE for none. */
export function allOf(conditions: readonly Sql[]): Sql {
  return conditions.length === 0 ? sql`TRUE` : sql`(${sql.join(conditions, sql` AND `)})`;
}

/** The row existed as of `pin`: its creating event's sequence is at most `pin` (or was not recorded). */
export function createdAsOf(seqColumn: Sql, pin: number): Sql {
  return sql`(${seqColumn} <= ${pin} OR ${seqColumn} IS NULL)`;
}

/**
 * A later change (shown, ended, the request's columns) had happened as of `pin`: the sequence of the event
 * that made it is at most `pin`; for rows written before sequences were recorded (`rowSeq` null), whether it
 * had happened at all (`happened`).
 */
export function changedAsOf(changeSeq: Sql, rowSeq: Sql, happened: Sql, pin: number): Sql {
  return sql`COALESCE(${changeSeq} <= ${pin} OR (${changeSeq} IS NULL AND ${rowSeq} IS NULL AND ${happened}), FALSE)`;
}
