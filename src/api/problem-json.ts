// Failures as application/problem+json (RFC 9457) for the routes that are not the plugin's (datasets): the
// same AppErrors that error-handler.ts answers as the plugin's {"message"}, in the standard shape with our
// code. A 401 names the Bearer scheme (RFC 6750), so a client knows how to authenticate.
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { createOutageMapper } from './outage-mapper.js';
import { requestLogger } from './middleware/request-context.js';

export const PROBLEM_JSON = 'application/problem+json';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The researchers' and the dashboard's routes, whose failures are problem+json (the plugin's keep {"message"}). */
const PROBLEM_JSON_PATHS = /^\/api\/(datasets|analytics|configs|studies)(\/|$)/;

/** For middleware that answers before a route does (rate limits, body limits): which shape its failure takes. */
export function isProblemJsonPath(path: string): boolean {
  return PROBLEM_JSON_PATHS.test(path);
}

export interface Problem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  /** Our error code (`research_role_required`, ...), stable for clients. */
  code: string;
  /** The AppError's details, e.g. which field failed validation. */
  errors?: unknown;
}

/** The problem+json answer of an AppError (with Retry-After when the failure is temporary). */
export function problemResponse(c: Context, err: AppError): Response {
  if (err.retryAfterS !== undefined) c.header('Retry-After', String(err.retryAfterS));
  return problem(c, err.status, err.code, err.message, err.details);
}

/** An onError for a sub-app whose routes answer problem+json; anything not an AppError is logged, then 500. */
export function createProblemErrorHandler(logger: Logger): ErrorHandler {
  const asOutage = createOutageMapper(logger);
  return (caught, c) => {
    const err = asOutage(caught, c);
    if (err instanceof AppError) return problemResponse(c, err);
    if (err instanceof HTTPException)
      return problem(c, err.status, 'http_error', err.message || 'Bad request.');
    requestLogger(c, logger).error({ err, path: c.req.path, method: c.req.method }, 'unhandled error');
    return problem(c, 500, 'internal_error', 'Internal server error.');
  };
}

function problem(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  detail: string,
  errors?: unknown,
): Response {
  const body: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, code };
  if (errors !== undefined) body.errors = errors;
  const headers: Record<string, string> = { 'content-type': PROBLEM_JSON };
  if (status === 401)
    headers['www-authenticate'] =
      code === 'invalid_api_token'
        ? 'Bearer realm="code4me", error="invalid_token"'
        : 'Bearer realm="code4me"';
  return c.body(JSON.stringify(body), status, headers);
}
