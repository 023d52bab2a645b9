// The id that ties together the events one request caused: the request id set by a request-id middleware,
// else a client-sent X-Request-Id of sane shape, else a fresh UUID.
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function correlationIdOf(c: Context): string {
  const fromMiddleware: unknown = c.get('requestId' as never);
  if (typeof fromMiddleware === 'string' && SAFE_ID.test(fromMiddleware)) return fromMiddleware;
  const header = c.req.header('x-request-id');
  return header && SAFE_ID.test(header) ? header : randomUUID();
}
