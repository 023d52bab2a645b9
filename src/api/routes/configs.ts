// /api/configs: the plugin configs as data (docs/studies.md): list, show, create. Admins only; a config never
// changes once created (a change is a new config). Failures are application/problem+json.
import { json } from './account-schemas.js';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, Next } from 'hono';
import { ConfigDocumentSchema } from '../../../events/index.js';
import { createConfig, findConfig, listConfigs, StudyErrors } from '../../studies/index.js';
import type { ApiDeps } from '../deps.js';
import { correlationIdOf } from '../middleware/correlation-id.js';
import { createProblemErrorHandler } from '../problem-json.js';
import { problemResponses } from './problem-responses.js';
import { requireAdmin } from './admin-access.js';
import { problemValidationHook } from './problem-validation-hook.js';

const ConfigSchema = z.object({}).passthrough().openapi('Config');

const list = createRoute({
  method: 'get',
  path: '/api/configs',
  summary: 'Every config: id, name, document, lineage and the HOCON the plugin gets',
  responses: {
    200: json(z.object({ configs: z.array(ConfigSchema) }), 'The configs'),
    ...problemResponses(401, 403),
  },
});

const show = createRoute({
  method: 'get',
  path: '/api/configs/{id}',
  summary: 'One config',
  request: { params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }) },
  responses: { 200: json(ConfigSchema, 'The config'), ...problemResponses(401, 403, 404, 422) },
});

const create = createRoute({
  method: 'post',
  path: '/api/configs',
  summary: 'Create a config (config.created); the models must be in the registry',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              name: z.string(),
              document: ConfigDocumentSchema,
              basedOn: z.number().int().positive().nullable().optional(),
            })
            .strict(),
        },
      },
      required: true,
    },
  },
  responses: { 201: json(ConfigSchema, 'Created'), ...problemResponses(401, 403, 404, 422) },
});

export function registerConfigRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  const configs = new OpenAPIHono({ defaultHook: problemValidationHook, strict: false });
  configs.onError(createProblemErrorHandler(deps.logger));
  // Before the body is validated: who may not use the route learns nothing about what it takes.
  for (const path of ['/api/configs', '/api/configs/*'])
    configs.use(path, async (c: Context, next: Next) => {
      await requireAdmin(c, deps);
      await next();
    });
  configs.openapi(list, async (c) => {
    return c.json({ configs: await listConfigs(deps.db) }, 200);
  });
  configs.openapi(show, async (c) => {
    const { id } = c.req.valid('param');
    const config = await findConfig(deps.db, id);
    if (!config) throw StudyErrors.configNotFound(id);
    return c.json(config, 200);
  });
  configs.openapi(create, async (c) => {
    const input = c.req.valid('json');
    const googleClientId = deps.config.googleClientIds[0];
    const created = await createConfig({ ...deps, googleClientId }, input, correlationIdOf(c));
    return c.json(created, 201);
  });
  app.route('/', configs);
}
