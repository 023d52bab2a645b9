// The access check of the researchers' routes (datasets): a live API token (`Authorization: Bearer c4m_rt_…`)
// or a signed-in user's auth_token cookie, and a role that allows it, both read from PostgreSQL on every
// request, so a revocation or a demotion applies to the next request. Failures are AppErrors (401, 403).
import type { Context } from 'hono';
import { findUserRole, useApiToken } from '../../accounts/index.js';
import { hashApiTokenSecret, isApiTokenSecret } from '../../auth/index.js';
import { Errors } from '../../platform/errors.js';
import type { ApiDeps } from '../deps.js';
import { requireUser } from './auth.js';
import { readCookie } from './cookies.js';

export interface ResearchPrincipal {
  userId: string;
  role: 'user' | 'researcher' | 'admin';
  via: 'api_token' | 'session';
}

export interface ResearchAccessOptions {
  /**
   * Let a signed-in plain user in, as role 'user', for routes that then show them only their own rows. API
   * tokens are researchers' credentials: a token whose holder is a plain user now is refused either way.
   */
  allowOwnRows?: boolean;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** A researcher or admin (401 without valid credentials, 403 for a plain user). */
export async function requireResearchAccess(
  c: Context,
  deps: ApiDeps,
  options: ResearchAccessOptions = {},
): Promise<ResearchPrincipal> {
  const principal = await identify(c, deps);
  const ownRows = options.allowOwnRows === true && principal.via === 'session';
  if (principal.role === 'user' && !ownRows) throw Errors.researchRoleRequired();
  return principal;
}

/** A researcher or admin, or a signed-in plain user (role 'user') who is to see only their own rows. */
export async function requireOwnOrResearchAccess(c: Context, deps: ApiDeps): Promise<ResearchPrincipal> {
  return requireResearchAccess(c, deps, { allowOwnRows: true });
}

async function identify(c: Context, deps: ApiDeps): Promise<ResearchPrincipal> {
  // Another scheme (a proxy's Basic credentials) is not ours: the cookie may still sign the user in.
  const bearer = BEARER.exec(c.req.header('authorization') ?? '');
  if (bearer) return byApiToken(deps, bearer[1]);
  if (readCookie(c, 'auth_token') !== undefined) return bySession(c, deps);
  throw Errors.researchAuthRequired();
}

async function byApiToken(deps: ApiDeps, secret: string | undefined): Promise<ResearchPrincipal> {
  if (!isApiTokenSecret(secret)) throw Errors.invalidApiToken();
  const holder = await useApiToken(deps.db, hashApiTokenSecret(secret), deps.clock.now());
  if (!holder) throw Errors.invalidApiToken();
  return { userId: holder.userId, role: holder.role, via: 'api_token' };
}

async function bySession(c: Context, deps: ApiDeps): Promise<ResearchPrincipal> {
  const { userId } = await requireUser(c, deps);
  // An auth token outliving its user (erased a moment ago) signs nobody in.
  const role = await findUserRole(deps.db, userId);
  if (!role) throw Errors.invalidAuthToken();
  return { userId, role, via: 'session' };
}
