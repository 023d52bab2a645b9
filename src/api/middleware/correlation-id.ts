// The id that ties together the events one request caused: the request id set by the request-context
// middleware, else a client-sent X-Request-Id of sane shape, else a fresh UUID.
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { REQUEST_ID_SHAPE } from './request-context.js';

export function correlationIdOf(c: Context): string {
  const fromMiddleware: unknown = c.get('requestId' as never);
  if (typeof fromMiddleware === 'string' && REQUEST_ID_SHAPE.test(fromMiddleware)) return fromMiddleware;
  const header = c.req.header('x-request-id');
  return header && REQUEST_ID_SHAPE.test(header) ? header : randomUUID();
}
