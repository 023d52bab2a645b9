// The zod failures of routes that answer problem+json (configs, studies): thrown as the 422 AppError, so the
// sub-app's problem handler answers it with each bad field in `errors`.
import type { ZodError } from 'zod';
import { Errors } from '../../platform/errors.js';

/** A zod failure of a problem+json route, thrown so that the sub-app answers it as a 422 problem. */
export function problemValidationHook(result: { success: boolean; error?: ZodError; target?: string }): void {
  if (result.success || !result.error) return;
  const errors = result.error.issues.map((i) => ({
    path: [result.target ?? 'body', ...i.path.map(String)],
    message: i.message,
  }));
  const first = errors[0];
  throw Errors.validation(
    `Invalid request: ${first ? `${first.path.slice(1).join('.') || first.path[0]}: ${first.message}` : 'invalid'}`,
    errors,
  );
}
