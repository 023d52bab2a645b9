// CORS for browsers calling the API from another origin: only the dashboard's origin (C4M_UI_ORIGIN) and those
// of C4M_CORS_ORIGINS, with credentials (the auth_token cookie). Any other origin gets no CORS header, and its
// preflight a 403, so a browser never lets a foreign page read an answer.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Config } from '../../platform/config.js';
import { presetHeaders, type HeaderList } from './preset-headers.js';

export type CorsConfig = Pick<Config, 'corsOrigins' | 'uiOrigin' | 'uiPort'>;

/** The origins allowed to call the API from a browser. */
export function allowedOrigins(config: CorsConfig): Set<string> {
  const dashboard = config.uiOrigin || `http://localhost:${config.uiPort}`;
  return new Set([dashboard, ...config.corsOrigins].map((o) => o.replace(/\/+$/, '')));
}

export function corsAllowList(config: CorsConfig): MiddlewareHandler {
  const allowed = allowedOrigins(config);
  const exposeHeaders = [
    'retry-after',
    'x-request-id',
    'content-disposition',
    'x-ratelimit-limit',
    'x-ratelimit-remaining',
    'x-ratelimit-reset',
  ];
  const preflight = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['content-type', 'authorization', 'x-request-id'],
    exposeHeaders,
    maxAge: 600,
  });
  // A simple request's headers are hono's cors', set before the route (preset-headers.ts): hono's own adds Vary
  // to the finished answer.
  const noOrigin: HeaderList = [['Vary', 'Origin']];
  const simple = new Map<string, HeaderList>();
  for (const origin of allowed) {
    simple.set(origin, [
      ['Access-Control-Allow-Origin', origin],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Expose-Headers', exposeHeaders.join(',')],
      ['Vary', 'Origin'],
    ]);
  }
  return (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return presetHeaders(c, next, noOrigin);
    const allowedHeaders = simple.get(origin);
    if (c.req.method === 'OPTIONS') {
      if (allowedHeaders) return preflight(c, next);
      if (c.req.header('access-control-request-method')) {
        const refused = { message: `Origin ${origin} may not call this API from a browser.` };
        return Promise.resolve(c.json(refused, 403, { vary: 'Origin' }));
      }
    }
    return presetHeaders(c, next, allowedHeaders ?? noOrigin);
  };
}
