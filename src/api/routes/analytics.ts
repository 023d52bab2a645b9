// /api/analytics: the dashboard's numbers from the analytics read model's hourly aggregates (overview,
// breakdowns, model comparison, ground-truth survival, calibration, filter names) and its live change
// stream. Signed-in users see their own data, researchers and admins everyone's; failures are problem+json.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  BREAKDOWNS,
  breakdownAnswer,
  calibrationAnswer,
  comparisonAnswer,
  overviewAnswer,
  readDimensions,
  survivalAnswer,
  type BreakdownBy,
} from '../../analytics/index.js';
import { Errors } from '../../platform/errors.js';
import type { ApiDeps } from '../deps.js';
import { requireOwnOrResearchAccess } from '../middleware/research-access.js';
import { createProblemErrorHandler, PROBLEM_JSON } from '../problem-json.js';
import { validationHook } from '../validation-hook.js';
import { liveChanges } from './analytics-live.js';
import { analyticsRequest, answerHead, badParameter, othersDataForbidden } from './analytics-scope.js';

const json = z.object({}).passthrough();
const problems = Object.fromEntries(
  [400, 401, 403].map((s) => [
    s,
    { description: 'application/problem+json', content: { [PROBLEM_JSON]: { schema: json } } },
  ]),
);
const route = (path: string, summary: string) =>
  createRoute({
    method: 'get',
    path: `/api/analytics/${path}`,
    summary,
    responses: {
      200: { description: summary, content: { 'application/json': { schema: json } } },
      ...problems,
    },
  });

const MAX_COMPARED = 6;

export function registerAnalyticsRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  const a = new OpenAPIHono({ defaultHook: validationHook, strict: false });
  a.onError(createProblemErrorHandler(deps.logger));
  a.openapi(route('overview', 'Completions, acceptance and latency of a window'), async (c) => {
    const r = await analyticsRequest(c, deps);
    return c.json({ ...answerHead(r), ...(await overviewAnswer(deps.db, r.filter)) }, 200);
  });
  a.openapi(
    route('breakdown', 'The same numbers by model, language, trigger, version, user or time'),
    async (c) => {
      const r = await analyticsRequest(c, deps, ['by', 'interval']);
      const by = parseBy(r.params.by);
      if (by === 'user' && r.scope === 'own') throw othersDataForbidden('A breakdown by user');
      const interval = parseInterval(by, r.params.interval);
      return c.json(
        { ...answerHead(r), by, ...(await breakdownAnswer(deps.db, r.filter, by, interval)) },
        200,
      );
    },
  );
  a.openapi(
    route('compare', 'Two or more models on the same queries, with the paired difference'),
    async (c) => {
      const r = await analyticsRequest(c, deps, ['models']);
      const models = parseModels(r.params.models);
      return c.json({ ...answerHead(r), ...(await comparisonAnswer(deps.db, r.filter, models)) }, 200);
    },
  );
  a.openapi(
    route('survival', 'Edit similarity of accepted completions to the ground truth at 15, 45, 90 s'),
    async (c) => {
      const r = await analyticsRequest(c, deps);
      return c.json({ ...answerHead(r), ...(await survivalAnswer(deps.db, r.filter)) }, 200);
    },
  );
  a.openapi(
    route('calibration', 'Confidence against acceptance per model: ECE, Brier, reliability bins'),
    async (c) => {
      const r = await analyticsRequest(c, deps);
      return c.json({ ...answerHead(r), ...(await calibrationAnswer(deps.db, r.filter)) }, 200);
    },
  );
  a.openapi(route('dimensions', 'The names behind the filter ids'), async (c) => {
    const principal = await requireOwnOrResearchAccess(c, deps);
    const unknown = Object.keys(c.req.queries());
    if (unknown.length > 0) throw badParameter(`unknown parameters: ${unknown.join(', ')}`);
    return c.json(await readDimensions(deps.db, principal.role !== 'user'), 200);
  });
  a.get('/api/analytics/live', async (c) => {
    await requireOwnOrResearchAccess(c, deps);
    const unknown = Object.keys(c.req.queries());
    if (unknown.length > 0) throw badParameter(`unknown parameters: ${unknown.join(', ')}`);
    if (!deps.analyticsChanges) throw Errors.unavailable('The live change stream');
    return liveChanges(c, deps.analyticsChanges);
  });
  app.route('/', a);
}

function parseBy(by: string | undefined): BreakdownBy {
  if (by === undefined) throw badParameter(`by is required: one of ${BREAKDOWNS.join(', ')}`);
  if (!(BREAKDOWNS as readonly string[]).includes(by))
    throw badParameter(`by must be one of ${BREAKDOWNS.join(', ')}, not '${by}'`);
  return by as BreakdownBy;
}

function parseInterval(by: BreakdownBy, interval: string | undefined): 'hour' | 'day' {
  if (interval === undefined) return 'hour';
  if (by !== 'time') throw badParameter('interval applies to by=time only');
  if (interval !== 'hour' && interval !== 'day')
    throw badParameter(`interval must be hour or day, not '${interval}'`);
  return interval;
}

function parseModels(models: string | undefined): number[] {
  const ids = (models ?? '').split(',').filter((s) => s !== '');
  if (ids.some((s) => !/^\d{1,9}$/.test(s)))
    throw badParameter(`models must be comma-separated model ids, not '${models}'`);
  const distinct = [...new Set(ids.map(Number))];
  if (distinct.length < 2) throw badParameter('models needs at least two distinct model ids (models=1,2)');
  if (distinct.length > MAX_COMPARED) throw badParameter(`models takes at most ${MAX_COMPARED} model ids`);
  return distinct;
}
