// /api/completion/multi-file-context/update (protocol §4.8): records the plugin's line changes (the changes
// only with the user's store_context preference), then applies them to the live context, before answering.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { loadUserPreference, requireSessionProject } from '../middleware/auth.js';
import { correlationIdOf } from '../middleware/correlation-id.js';
import { storesContext } from '../../accounts/index.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, HEADER_ROOM_BYTES } from '../../bus/event-size.js';
import { MultiFileContextBodySchema, updateMultiFileContext } from '../../completion/index.js';
import { errorResponses, json, jsonBody } from './account-schemas.js';

const update = createRoute({
  method: 'post',
  path: '/api/completion/multi-file-context/update',
  summary: "Apply line changes to the project's live multi-file context",
  request: { body: jsonBody(MultiFileContextBodySchema) },
  responses: {
    200: json(
      z.object({ message: z.string(), data: z.record(z.string(), z.array(z.string())) }),
      'The updated files',
    ),
    ...errorResponses(401, 422, 429),
  },
});

export function registerMultiFileContextRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  const contextDeps = {
    ...deps,
    maxEventBytes: deps.maxEventBytes ?? DEFAULT_MAX_PAYLOAD_BYTES - HEADER_ROOM_BYTES,
  };
  app.openapi(update, async (c) => {
    const caller = await requireSessionProject(c, deps);
    const storeContext = storesContext(await loadUserPreference(deps, caller.userId));
    const files = await updateMultiFileContext(
      contextDeps,
      caller,
      c.req.valid('json'),
      storeContext,
      correlationIdOf(c),
    );
    return c.json({ message: 'Multi-file context updated successfully.', data: files }, 200);
  });
}
