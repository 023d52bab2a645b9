// Registers every route group. Each file owns one resource of the plugin protocol, or (datasets) one of the
// researchers' routes.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { registerPingRoutes } from './ping.js';
import { registerAcpRoutes } from './acp.js';
import { registerUserRoutes } from './user.js';
import { registerSessionRoutes } from './session.js';
import { registerProjectRoutes } from './project.js';
import { registerCompletionRoutes } from './completion.js';
import { registerMultiFileContextRoutes } from './multi-file-context.js';
import { registerDatasetRoutes } from './datasets.js';
import { registerAnalyticsRoutes } from './analytics.js';
import { registerChatRoutes } from './chat.js';
import { registerConfigRoutes } from './configs.js';
import { registerStudyRoutes } from './studies.js';

export function registerRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  registerPingRoutes(app);
  registerAcpRoutes(app);
  registerUserRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerProjectRoutes(app, deps);
  registerMultiFileContextRoutes(app, deps);
  registerCompletionRoutes(app, deps);
  registerDatasetRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerChatRoutes(app, deps);
  registerConfigRoutes(app, deps);
  registerStudyRoutes(app, deps);
}
