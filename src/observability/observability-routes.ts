// GET /metrics (Prometheus text format), /health/live and /health/ready: the same three routes on the api's
// port and on the metrics listener of a process without the api (start-metrics-server.ts).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Observability } from './observability.js';
import { checkReadiness } from './readiness.js';

const PROBLEM_JSON = 'application/problem+json';

const CheckSchema = z.object({
  dependency: z.enum(['nats', 'postgres', 'redis']),
  role: z.string(),
  ok: z.boolean(),
  ms: z.number(),
  error: z.string().optional(),
});

const metrics = createRoute({
  method: 'get',
  path: '/metrics',
  summary: "This process's metrics in the Prometheus text format (every role it runs)",
  responses: { 200: { description: 'text/plain; version=0.0.4' } },
});

const live = createRoute({
  method: 'get',
  path: '/health/live',
  summary: 'Liveness: 200 while the process runs and answers',
  responses: {
    200: {
      description: 'The process is up',
      content: { 'application/json': { schema: z.object({ status: z.literal('live') }) } },
    },
  },
});

const ready = createRoute({
  method: 'get',
  path: '/health/ready',
  summary: 'Readiness: 200 when every service the roles of this process need answers, else 503 naming them',
  responses: {
    200: {
      description: 'Every dependency answered',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('ready'), checks: z.array(CheckSchema) }),
        },
      },
    },
    503: {
      description: 'application/problem+json (RFC 9457) with `failed`: the dependencies that did not answer',
      content: {
        [PROBLEM_JSON]: {
          schema: z.object({
            type: z.literal('about:blank'),
            title: z.string(),
            status: z.literal(503),
            detail: z.string(),
            code: z.literal('not_ready'),
            failed: z.array(z.string()),
            checks: z.array(CheckSchema),
          }),
        },
      },
    },
  },
});

export function registerObservabilityRoutes(app: OpenAPIHono, obs: Observability): void {
  app.openapi(metrics, async (c) => {
    const body = await obs.registry.metrics();
    return c.body(body, 200, { 'content-type': obs.registry.contentType });
  });
  app.openapi(live, (c) => c.json({ status: 'live' as const }, 200));
  app.openapi(ready, async (c) => {
    const r = await checkReadiness(obs.readinessChecks());
    if (r.ready) return c.json({ status: 'ready' as const, checks: r.checks }, 200);
    c.header('Retry-After', '5');
    const problem = {
      type: 'about:blank' as const,
      title: 'Service Unavailable',
      status: 503 as const,
      detail: `not ready: ${r.failed.join(', ')} did not answer`,
      code: 'not_ready' as const,
      failed: r.failed,
      checks: r.checks,
    };
    return c.json(problem, 503, { 'content-type': PROBLEM_JSON });
  });
}
