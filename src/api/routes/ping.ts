// Health: HEAD/GET /api/ping answer 200 while the process serves requests.
import type { OpenAPIHono } from '@hono/zod-openapi';

export function registerPingRoutes(app: OpenAPIHono): void {
  app.on(['GET', 'HEAD'], '/api/ping', (c) => c.json({ message: 'pong' }));
}
