// /api/studies: studies (A/B experiments over configs, docs/studies.md). Admins create and end them;
// researchers and admins list, show and read a study's report. Failures are application/problem+json.
import { json } from './account-schemas.js';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, Next } from 'hono';
import {
  createStudy,
  endStudy,
  findStudyRow,
  listStudyRows,
  studyReport,
  StudyErrors,
  toStudyRecord,
} from '../../studies/index.js';
import type { ApiDeps } from '../deps.js';
import { correlationIdOf } from '../middleware/correlation-id.js';
import { requireResearchAccess } from '../middleware/research-access.js';
import { createProblemErrorHandler } from '../problem-json.js';
import { problemResponses } from './problem-responses.js';
import { requireAdmin } from './admin-access.js';
import { problemValidationHook } from './problem-validation-hook.js';

const StudySchema = z.object({}).passthrough().openapi('Study');
const Instant = z.iso.datetime({ offset: true });
const params = { params: z.object({ id: z.uuid() }) };

const list = createRoute({
  method: 'get',
  path: '/api/studies',
  summary: 'Every study with its arms, default, start, end and status now',
  responses: {
    200: json(z.object({ studies: z.array(StudySchema) }), 'The studies'),
    ...problemResponses(401, 403),
  },
});

const show = createRoute({
  method: 'get',
  path: '/api/studies/{id}',
  summary: 'One study',
  request: params,
  responses: { 200: json(StudySchema, 'The study'), ...problemResponses(401, 403, 404, 422) },
});

const create = createRoute({
  method: 'post',
  path: '/api/studies',
  summary: 'Create a study (study.created): its configs (arms), the default arm, a start and an optional end',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              name: z.string(),
              description: z.string().optional(),
              configIds: z.array(z.number().int().positive()),
              defaultConfigId: z.number().int().positive(),
              startsAt: Instant,
              endsAt: Instant.nullable().optional(),
            })
            .strict(),
        },
      },
      required: true,
    },
  },
  responses: { 201: json(StudySchema, 'Created'), ...problemResponses(401, 403, 404, 409, 422) },
});

const end = createRoute({
  method: 'post',
  path: '/api/studies/{id}/end',
  summary: 'End the study now (study.ended, reason admin): every participant gets their previous config back',
  request: params,
  responses: { 200: json(StudySchema, 'Ended'), ...problemResponses(401, 403, 404, 409, 422) },
});

const report = createRoute({
  method: 'get',
  path: '/api/studies/{id}/report',
  summary:
    "Per arm: users, completions, acceptance (Wilson), edit similarity, latency; each arm's difference to the default (cluster bootstrap)",
  request: params,
  responses: { 200: json(z.object({}).passthrough(), 'The report'), ...problemResponses(401, 403, 404, 422) },
});

export function registerStudyRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  const studies = new OpenAPIHono({ defaultHook: problemValidationHook, strict: false });
  studies.onError(createProblemErrorHandler(deps.logger));
  // Before the body is validated: researchers read, admins change (POST).
  for (const path of ['/api/studies', '/api/studies/*'])
    studies.use(path, async (c: Context, next: Next) => {
      await (c.req.method === 'POST' ? requireAdmin(c, deps) : requireResearchAccess(c, deps));
      await next();
    });
  studies.openapi(list, async (c) => {
    const now = deps.clock.now();
    return c.json({ studies: (await listStudyRows(deps.db)).map((r) => toStudyRecord(r, now)) }, 200);
  });
  studies.openapi(show, async (c) => {
    const row = await findStudyRow(deps.db, c.req.valid('param').id);
    if (!row) throw StudyErrors.studyNotFound(c.req.valid('param').id);
    return c.json(toStudyRecord(row, deps.clock.now()), 200);
  });
  studies.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const input = {
      ...body,
      startsAt: new Date(body.startsAt),
      endsAt: body.endsAt ? new Date(body.endsAt) : null,
    };
    return c.json(await createStudy(deps, input, correlationIdOf(c)), 201);
  });
  studies.openapi(end, async (c) => {
    return c.json(await endStudy(deps, c.req.valid('param').id), 200);
  });
  studies.openapi(report, async (c) => {
    return c.json(await studyReport(deps, c.req.valid('param').id), 200);
  });
  app.route('/', studies);
}
