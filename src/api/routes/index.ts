// Registers every route group. Each file owns one resource of the plugin protocol.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { registerPingRoutes } from './ping.js';
import { registerAcpRoutes } from './acp.js';

export function registerRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  registerPingRoutes(app);
  registerAcpRoutes(app);
  void deps;
}
