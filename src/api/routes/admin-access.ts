// The admin check of the routes that change configs and studies: the researchers' credentials (an API token
// or a signed-in session) of a user whose role is admin; 401 without credentials, 403 for anyone else.
import type { Context } from 'hono';
import { StudyErrors } from '../../studies/index.js';
import type { ApiDeps } from '../deps.js';
import { requireResearchAccess, type ResearchPrincipal } from '../middleware/research-access.js';

export async function requireAdmin(c: Context, deps: ApiDeps): Promise<ResearchPrincipal> {
  const principal = await requireResearchAccess(c, deps, { allowOwnRows: true });
  if (principal.role !== 'admin') throw StudyErrors.adminRequired();
  return principal;
}
