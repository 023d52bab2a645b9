// /api/project/*: create a project and activate it in the user's session (protocol §4.6, §4.7). Both find
// the session from auth_token, as the Python server did; both set the project_token cookie.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { activateProject, createProject } from '../../accounts/index.js';
import { requireUserSession } from '../middleware/auth.js';
import { setTokenCookie } from '../middleware/cookies.js';
import { correlationIdOf } from '../middleware/correlation-id.js';
import * as S from './account-schemas.js';

const create = createRoute({
  method: 'post',
  path: '/api/project/create',
  summary: 'Create a project in the current session; sets the project_token cookie',
  request: { body: S.jsonBody(S.CreateProjectSchema) },
  responses: {
    201: S.json(z.object({ message: z.string(), project_token: z.string() }), 'Created'),
    ...S.errorResponses(401, 422, 429),
  },
});

const activate = createRoute({
  method: 'put',
  path: '/api/project/activate',
  summary: 'Activate a project of the user in the current session (unknown, foreign or malformed id: 401)',
  request: { body: S.jsonBody(S.ActivateProjectSchema) },
  responses: { 200: S.json(S.MessageSchema, 'Activated'), ...S.errorResponses(401, 422, 429) },
});

export function registerProjectRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(create, async (c) => {
    const { userId, sessionId } = await requireUserSession(c, deps);
    const scope = { userId, sessionId, correlationId: correlationIdOf(c) };
    const projectId = await createProject(deps, scope, c.req.valid('json').project_name);
    setTokenCookie(c, 'project_token', projectId);
    return c.json({ message: 'Project created successfully.', project_token: projectId }, 201);
  });

  app.openapi(activate, async (c) => {
    const { userId, sessionId } = await requireUserSession(c, deps);
    const scope = { userId, sessionId, correlationId: correlationIdOf(c) };
    const projectId = await activateProject(deps, scope, c.req.valid('json').project_id);
    setTokenCookie(c, 'project_token', projectId);
    return c.json({ message: 'Project activated successfully.' }, 200);
  });
}
