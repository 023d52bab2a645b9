// Counts and times every request by its route template (the path the route was registered with, so ids in the
// path never become series of their own) and status; a request no route matched is `unmatched`.
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { HttpMetrics } from '../../observability/index.js';

export function requestMetrics(metrics: HttpMetrics): MiddlewareHandler {
  return async (c, next) => {
    const t0 = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - t0) / 1000;
      metrics.observe({ method: c.req.method, route: routeTemplate(c), status: c.res.status }, seconds);
    }
  };
}

/** The route that answered: middleware (registered with `use`, method ALL) does not count as a route. */
function routeTemplate(c: Context): string {
  const route = matchedRoutes(c).at(c.req.routeIndex);
  return route && route.method !== 'ALL' ? route.path : 'unmatched';
}
