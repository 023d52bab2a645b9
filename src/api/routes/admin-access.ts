// The admin check of the routes that change configs and studies: the researchers' credentials (an API token
// or a signed-in session) of a user whose role is admin; 401 without credentials, 403 for anyone else.
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { Errors } from '../../platform/errors.js';
import { StudyErrors } from '../../studies/index.js';
import type { ApiDeps } from '../deps.js';
import { requireResearchAccess, type ResearchPrincipal } from '../middleware/research-access.js';

export async function requireAdmin(c: Context, deps: ApiDeps): Promise<ResearchPrincipal> {
  const principal = await requireResearchAccess(c, deps, { allowOwnRows: true });
  if (principal.role !== 'admin') throw StudyErrors.adminRequired();
  return principal;
}

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
