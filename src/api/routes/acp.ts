// The newest plugin asks for an ACP grant after activating a project. We do not support ACP: answer 501,
// which the plugin only logs (a 401 or 404 there would sign the user out or wipe their cookies).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { Errors } from '../../platform/errors.js';

const route = createRoute({
  method: 'post',
  path: '/api/acp/grant',
  summary: 'ACP grant (not supported: always 501)',
  responses: {
    501: {
      description: 'ACP is not supported by this server',
      content: { 'application/json': { schema: z.object({ message: z.string() }) } },
    },
  },
});

export function registerAcpRoutes(app: OpenAPIHono): void {
  app.openapi(route, () => {
    throw Errors.notImplemented('ACP');
  });
}
