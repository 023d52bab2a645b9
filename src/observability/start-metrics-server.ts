// The metrics and health listener of a process without the api role (inference, projections): the api serves
// the same routes on its own port, so a process never opens two.
import { OpenAPIHono } from '@hono/zod-openapi';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from '../platform/logger.js';
import type { Observability } from './observability.js';
import { registerObservabilityRoutes } from './observability-routes.js';

export interface RunningMetricsServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(
  obs: Observability,
  listen: { host: string; port: number },
  logger: Logger,
): Promise<RunningMetricsServer> {
  const app = new OpenAPIHono();
  registerObservabilityRoutes(app, obs);
  app.notFound((c) => c.json({ message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: listen.port, hostname: listen.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : listen.port;
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? '127.0.0.1' : listen.host;
  const url = `http://${host}:${port}`;
  logger.info({ port }, `metrics and health on ${url}/metrics, /health/live, /health/ready`);
  return {
    port,
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
