// Credential checks used by route handlers. Cookies as the plugin sends them (last duplicate wins); a
// missing, malformed (non-UUID) or unknown token is a 401 with the Python server's message, never a 500.
// Every successful session check slides the session's TTL. The session_token cookie is the session's token, a
// secret apart from its id (the id is in events and datasets and authenticates nothing): the id comes from the
// token's lookup. The rate limit of the session routes makes the session check in its own round trip
// (checked-session.ts); the routes use that answer.
import type { Context } from 'hono';
import type { ApiDeps } from '../deps.js';
import { Errors } from '../../platform/errors.js';
import { checkSession, findUserSession, isUuid, resolveAuthToken } from '../../auth/index.js';
import { loadUserPreferenceRow, mergePreference, type Preference } from '../../accounts/index.js';
import { readCookie } from './cookies.js';
import { checkedSessionOf, sessionCookiesOf } from './checked-session.js';

/** The user of the `auth_token` cookie. */
export async function requireUser(c: Context, deps: ApiDeps): Promise<{ userId: string; authToken: string }> {
  const authToken = readCookie(c, 'auth_token')?.toLowerCase();
  const userId = await resolveAuthToken(deps.redis, authToken);
  if (!userId || !authToken) throw Errors.invalidAuthToken();
  return { userId, authToken };
}

/** The user of the `auth_token` cookie and their live session (project create/activate: the server finds it). */
export async function requireUserSession(
  c: Context,
  deps: ApiDeps,
): Promise<{ userId: string; authToken: string; sessionId: string }> {
  const user = await requireUser(c, deps);
  const sessionId = (await findUserSession(deps.redis, user.userId, deps.config.sessionTokenTtlS))?.sessionId;
  if (!sessionId) throw Errors.invalidSessionToken();
  return { ...user, sessionId };
}

/** The session of the `session_token` cookie. */
export async function requireSession(
  c: Context,
  deps: ApiDeps,
): Promise<{ userId: string; sessionId: string }> {
  const { token } = sessionCookiesOf(c);
  const ahead = checkedSessionOf(c);
  const found = ahead ? ahead.session : await checkSession(deps.redis, token, deps.config.sessionTokenTtlS);
  if (!found) throw Errors.invalidSessionToken();
  return { userId: found.userId, sessionId: found.sessionId };
}

/** The session of `session_token` and the `project_token` activated in it (completion, feedback, context). */
export async function requireSessionProject(
  c: Context,
  deps: ApiDeps,
): Promise<{ userId: string; sessionId: string; projectId: string }> {
  const { token, projectId } = sessionCookiesOf(c);
  const ahead = checkedSessionOf(c);
  const found = ahead
    ? ahead.session
    : await checkSession(deps.redis, token, deps.config.sessionTokenTtlS, projectId);
  if (!found) throw Errors.invalidSessionToken();
  if (!isUuid(projectId) || !found.hasProject) throw Errors.invalidProjectToken();
  return { userId: found.userId, sessionId: found.sessionId, projectId };
}

/** The user's preferences with the defaults filled in (store_context defaults to false). */
export async function loadUserPreference(deps: Pick<ApiDeps, 'db'>, userId: string): Promise<Preference> {
  return mergePreference(await loadUserPreferenceRow(deps.db, userId), {});
}
