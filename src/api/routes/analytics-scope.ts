// Who may see what on the analytics routes: a plain user only their own completions (scope "own"; asking
// for another user's id is refused), researchers and admins everyone's (scope "all"); and the parameters.
import type { Context } from 'hono';
import { parseAnalyticsFilter, type AnalyticsFilter } from '../../analytics/index.js';
import { AppError } from '../../platform/errors.js';
import type { ApiDeps } from '../deps.js';
import { requireOwnOrResearchAccess, type ResearchPrincipal } from '../middleware/research-access.js';

export interface AnalyticsRequest {
  principal: ResearchPrincipal;
  scope: 'own' | 'all';
  filter: AnalyticsFilter;
  /** The route's own parameters, as given. */
  params: Record<string, string>;
}

export const badParameter = (message: string): AppError =>
  new AppError('invalid_parameter', 400, `Invalid query parameter: ${message}.`);

export const othersDataForbidden = (what: string): AppError =>
  new AppError(
    'own_data_only',
    403,
    `${what} needs the researcher or admin role; a user sees only their own data.`,
  );

export async function analyticsRequest(
  c: Context,
  deps: ApiDeps,
  own: readonly string[] = [],
): Promise<AnalyticsRequest> {
  const principal = await requireOwnOrResearchAccess(c, deps);
  const parsed = parseAnalyticsFilter(c.req.queries(), deps.clock.now(), own);
  if (!parsed.ok) throw badParameter(parsed.message);
  const filter = parsed.filter;
  if (principal.role !== 'user') return { principal, scope: 'all', filter, params: parsed.extra };
  const self = principal.userId.toLowerCase();
  if (filter.userId !== undefined && filter.userId !== self) throw othersDataForbidden("Another user's data");
  return { principal, scope: 'own', filter: { ...filter, userId: self }, params: parsed.extra };
}

/** The window and scope every answer starts with. */
export function answerHead(r: AnalyticsRequest): { from: string; to: string; scope: 'own' | 'all' } {
  return { from: r.filter.from.toISOString(), to: r.filter.to.toISOString(), scope: r.scope };
}
