// Builds the Hono application: middleware (request id and logger, request metrics, body limit), the plugin's
// routes (Python server paths and envelopes), /metrics and /health, /openapi.json and /docs. Tests call
// createApp(deps).request(...) without opening a port.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from './deps.js';
import { createErrorHandler } from './error-handler.js';
import { validationHook } from './validation-hook.js';
import { limitBody } from './middleware/body-limit.js';
import { corsAllowList } from './middleware/cors.js';
import { rateLimits } from './middleware/rate-limit.js';
import { securityHeaders } from './middleware/security-headers.js';
import { registerRoutes } from './routes/index.js';
import { requestContext } from './middleware/request-context.js';
import { requestMetrics } from './middleware/request-metrics.js';
import {
  createObservability,
  ensureHttpMetrics,
  registerObservabilityRoutes,
} from '../observability/index.js';
import { registerApiReference } from './routes/api-reference.js';

export type App = OpenAPIHono;

export function createApp(deps: ApiDeps): App {
  const app: App = new OpenAPIHono({ defaultHook: validationHook, strict: false }) as App;
  app.onError(createErrorHandler(deps.logger));
  app.notFound((c) => c.json({ message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  // Without a process's observability (tests), the app records into a registry of its own.
  const observability = deps.observability ?? createObservability({ defaultMetrics: false });
  app.use('*', requestContext());
  app.use('*', requestMetrics(ensureHttpMetrics(observability.registry)));
  // Edge protections, outermost first (docs/security.md, Edge protections).
  app.use('*', securityHeaders(deps.config));
  app.use('*', corsAllowList(deps.config));
  app.use('*', limitBody(deps.config.bodyLimitBytes));
  app.use('/api/*', rateLimits(deps));
  registerRoutes(app, deps);
  registerObservabilityRoutes(app, observability);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Code4me platform API',
      version: '0.1.0',
      description: 'The Code4me V2 plugin protocol, served from an event log. See docs/api.md.',
    },
  });
  registerApiReference(app);
  return app;
}
