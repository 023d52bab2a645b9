// The common query parameters of the analytics routes, parsed: a window (default the 24 h before now) and
// optional dimension filters. Unknown parameters and bad values are refused with a message naming them.
import { z } from 'zod';
import { InstantSchema, uuidSchema } from '../platform/filter-values.js';

export interface AnalyticsFilter {
  from: Date;
  to: Date;
  modelId?: number;
  languageId?: number;
  triggerTypeId?: number;
  pluginVersionId?: number;
  userId?: string;
}

const DAY_MS = 86_400_000;

const id = (what: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${what} must be a non-negative integer id`)
    .transform(Number);

const CommonSchema = z.object({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  model_id: id('model_id').optional(),
  language_id: id('language_id').optional(),
  trigger_type_id: id('trigger_type_id').optional(),
  plugin_version_id: id('plugin_version_id').optional(),
  user_id: uuidSchema('user_id').optional(),
});

export const COMMON_PARAMETERS = Object.keys(CommonSchema.shape);

export type FilterParse =
  { ok: true; filter: AnalyticsFilter; extra: Record<string, string> } | { ok: false; message: string };

/**
 * Parses the common parameters of `query`; `extra` names the route's own parameters, returned as given.
 * A parameter given twice, an unknown one or a bad value is an error.
 */
export function parseAnalyticsFilter(
  query: Record<string, string[]>,
  now: Date,
  extra: readonly string[] = [],
): FilterParse {
  const unknown = Object.keys(query).filter((k) => !COMMON_PARAMETERS.includes(k) && !extra.includes(k));
  if (unknown.length > 0)
    return { ok: false, message: `unknown parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` };
  const repeated = Object.keys(query).filter((k) => query[k]!.length > 1);
  if (repeated.length > 0) return { ok: false, message: `given more than once: ${repeated.join(', ')}` };
  const single = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v[0]!]));
  const parsed = CommonSchema.safeParse(single);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${issue.path.join('.')}: ${issue.message}` };
  }
  const p = parsed.data;
  const to = p.to ?? now;
  const from = p.from ?? new Date(to.getTime() - DAY_MS);
  if (from.getTime() >= to.getTime()) return { ok: false, message: 'from must be before to' };
  const filter: AnalyticsFilter = { from, to };
  if (p.model_id !== undefined) filter.modelId = p.model_id;
  if (p.language_id !== undefined) filter.languageId = p.language_id;
  if (p.trigger_type_id !== undefined) filter.triggerTypeId = p.trigger_type_id;
  if (p.plugin_version_id !== undefined) filter.pluginVersionId = p.plugin_version_id;
  if (p.user_id !== undefined) filter.userId = p.user_id;
  const own = Object.fromEntries(extra.filter((k) => single[k] !== undefined).map((k) => [k, single[k]!]));
  return { ok: true, filter, extra: own };
}
