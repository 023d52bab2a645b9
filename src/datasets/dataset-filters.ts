// The filters a dataset download takes (query parameters of GET /api/datasets/{name}): their names, how each
// value is written, and the one normal form the row sources receive. Which filters a dataset accepts is part
// of its catalog entry; a filter it does not accept is refused, never silently ignored.
import { z } from 'zod';
import { InstantSchema, uuidSchema } from '../platform/filter-values.js';

export const DATASET_FILTER_NAMES = [
  'from',
  'to',
  'model_id',
  'language_id',
  'trigger_type_id',
  'user_id',
  'project_id',
] as const;
export type DatasetFilterName = (typeof DATASET_FILTER_NAMES)[number];

/** The filters in normal form; absent where the download does not filter. */
export interface DatasetFilters {
  /** Rows whose dataset time is at or after this instant. */
  from?: Date;
  /** Rows whose dataset time is before this instant (exclusive). */
  to?: Date;
  model_id?: number;
  language_id?: number;
  trigger_type_id?: number;
  user_id?: string;
  project_id?: string;
}

/** A whole number written as digits, at least `min` and at most `max`. */
export function wholeNumberParam(what: string, min: number, max: number) {
  const message = `${what} must be a whole number from ${min} to ${max}`;
  return z
    .string({ error: message })
    .regex(/^\d{1,16}$/, message)
    .transform(Number)
    .pipe(z.number().int(message).min(min, message).max(max, message));
}

const INT32_MAX = 2_147_483_647;
export const DatasetFilterParamsSchema = z.object({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  model_id: wholeNumberParam('model_id', 0, INT32_MAX).optional(),
  language_id: wholeNumberParam('language_id', 0, INT32_MAX).optional(),
  trigger_type_id: wholeNumberParam('trigger_type_id', 0, INT32_MAX).optional(),
  user_id: uuidSchema('user_id').optional(),
  project_id: uuidSchema('project_id').optional(),
});

/** Only the filters named (the others left out), for a query that applies some of them in one place. */
export function pickFilters(filters: DatasetFilters, names: readonly DatasetFilterName[]): DatasetFilters {
  const out: DatasetFilters = {};
  for (const name of names) if (filters[name] !== undefined) Object.assign(out, { [name]: filters[name] });
  return out;
}

/** The filters actually given, as one canonical JSON text (what a download's metadata says it holds). */
export function describeFilters(filters: DatasetFilters): string {
  const out: Record<string, unknown> = {};
  for (const name of DATASET_FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined) out[name] = value instanceof Date ? value.toISOString() : value;
  }
  return JSON.stringify(out);
}
