// Health: HEAD/GET /api/ping answer 200 while the process serves requests. The plugin sends HEAD, which
// app.openapi() would not route, so the handler is plain Hono and the two operations are registered in the
// OpenAPI document by hand.
import { z, type OpenAPIHono } from '@hono/zod-openapi';

const PongSchema = z.object({ message: z.literal('pong') });

export function registerPingRoutes(app: OpenAPIHono): void {
  app.on(['GET', 'HEAD'], '/api/ping', (c) => c.json({ message: 'pong' }));
  for (const method of ['get', 'head'] as const) {
    app.openAPIRegistry.registerPath({
      method,
      path: '/api/ping',
      summary:
        method === 'head'
          ? 'Liveness as the plugin checks it: 200 while this process serves requests (no body)'
          : 'Liveness: 200 with {"message":"pong"} while this process serves requests',
      responses: {
        200:
          method === 'head'
            ? { description: 'Alive' }
            : { description: 'Alive', content: { 'application/json': { schema: PongSchema } } },
      },
    });
  }
}
