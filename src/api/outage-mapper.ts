// Turns a failure of NATS, PostgreSQL or Redis into the 503 with Retry-After that both error handlers answer
// (error-handler.ts for the plugin's routes, problem-json.ts for the others). While a service is down every
// request meets it: one warning per service every 10 s says so, not one per request.
import type { Context } from 'hono';
import { dependencyOutageOf, OUTAGE_RETRY_AFTER_S } from '../platform/dependency-outage.js';
import { AppError, Errors } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { requestLogger } from './middleware/request-context.js';

const WARN_EVERY_MS = 10_000;

export function createOutageMapper(logger: Logger): (err: Error, c: Context) => Error {
  const lastWarned = new Map<string, number>();
  return (err, c) => {
    if (err instanceof AppError) return err;
    const service = dependencyOutageOf(err);
    if (!service) return err;
    const now = Date.now();
    if (now - (lastWarned.get(service) ?? 0) >= WARN_EVERY_MS) {
      lastWarned.set(service, now);
      requestLogger(c, logger).warn(
        { service, err: { name: err.name, message: err.message }, path: c.req.path },
        `a backing service (${service}) is unavailable: answering 503 until it is back`,
      );
    }
    return Errors.dependencyUnavailable(OUTAGE_RETRY_AFTER_S);
  };
}
