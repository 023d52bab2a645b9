// Every request's id and logger: the id is a well-formed incoming X-Request-Id or a fresh UUID, echoed as
// X-Request-Id and carried by every log line of the request (a pino child logger kept in the Hono context) and by
// the events it appends (their correlationId, correlation-id.ts).
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../../platform/logger.js';
import { presetHeaders } from './preset-headers.js';

/** What an incoming id must look like to be kept: short, and nothing that could forge a log line or header. */
export const REQUEST_ID_SHAPE = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestContext(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && REQUEST_ID_SHAPE.test(incoming) ? incoming : randomUUID();
    c.set('requestId' as never, id);
    return presetHeaders(c, next, [['X-Request-Id', id]]);
  };
}

/**
 * The request's logger: `logger`'s child with the request's `requestId`, made at the first line the request logs
 * (most requests log none, bench/observability-overhead) and kept in the context; `logger` itself outside a request.
 */
export function requestLogger(c: Context, logger: Logger): Logger {
  const made: unknown = c.get('logger' as never);
  if (made) return made as Logger;
  const requestId: unknown = c.get('requestId' as never);
  if (typeof requestId !== 'string') return logger;
  const child = logger.child({ requestId });
  c.set('logger' as never, child as never);
  return child;
}
