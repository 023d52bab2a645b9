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
  return (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && REQUEST_ID_SHAPE.test(incoming) ? incoming : randomUUID();
    c.set('requestId' as never, id);
    return presetHeaders(c, next, [['X-Request-Id', id]]);
  };
}

/**
 * The request's logger: `logger`'s child with the request's `requestId`, kept in the context; `logger` itself outside
 * a request. The child is made at the first line the request logs (most requests log none, and a pino child costs
 * more than the rest of the request context): until then the logger handed out only stands for it, so a route
 * may pass it along to code that logs nothing on success.
 */
export function requestLogger(c: Context, logger: Logger): Logger {
  const kept: unknown = c.get('logger' as never);
  if (kept) return kept as Logger;
  const requestId: unknown = c.get('requestId' as never);
  if (typeof requestId !== 'string') return logger;
  const lazy = new Proxy(logger, new LazyChild(logger, requestId));
  c.set('logger' as never, lazy as never);
  return lazy;
}

/** The proxy's handler: its methods are shared, so a request that logs nothing makes no closure. */
class LazyChild implements ProxyHandler<Logger> {
  private child: Logger | undefined;
  constructor(
    private readonly parent: Logger,
    private readonly requestId: string,
  ) {}
  private made(): Logger {
    return (this.child ??= this.parent.child({ requestId: this.requestId }));
  }
  get(_parent: Logger, key: string | symbol): unknown {
    const target = this.made();
    const value: unknown = Reflect.get(target, key, target);
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  }
  set(_parent: Logger, key: string | symbol, value: unknown): boolean {
    return Reflect.set(this.made(), key, value);
  }
  has(_parent: Logger, key: string | symbol): boolean {
    return Reflect.has(this.made(), key);
  }
}
