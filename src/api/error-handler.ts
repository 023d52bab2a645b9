// The one place failures become HTTP answers: AppError → its status and {"message"}; a backing service that is
// down → 503 with Retry-After; anything else → 500 with a generic message (details go to the log, never to the
// client).
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { createOutageMapper } from './outage-mapper.js';
import { requestLogger } from './middleware/request-context.js';

export function createErrorHandler(logger: Logger) {
  const asOutage = createOutageMapper(logger);
  return (caught: Error, c: Context): Response => {
    const err = asOutage(caught, c);
    if (err instanceof AppError) {
      if (err.retryAfterS !== undefined) c.header('Retry-After', String(err.retryAfterS));
      const body: Record<string, unknown> = { message: err.message };
      if (err.details !== undefined) body.detail = err.details;
      return c.json(body, err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const message = status === 413 ? 'Request body is too large.' : err.message || 'Bad request.';
      return c.json({ message }, status);
    }
    requestLogger(c, logger).error({ err, path: c.req.path, method: c.req.method }, 'unhandled error');
    return c.json({ message: 'Internal server error.' }, 500);
  };
}
