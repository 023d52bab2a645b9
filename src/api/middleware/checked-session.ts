// A session check made ahead of the route: the rate limit of a route group whose routes all check the
// session_token runs the check in its own script (one round trip for both) and leaves the answer here for
// requireSession / requireSessionProject (auth.ts), which use it when it was made for the same cookies.
import type { Context } from 'hono';
import type { CheckedSession } from '../../auth/index.js';
import { readCookie } from './cookies.js';

/** The cookies a session check is made for, as the routes read them. */
export interface SessionCookies {
  token: string | undefined;
  projectId: string | undefined;
}

interface Made extends SessionCookies {
  session: CheckedSession | undefined;
}

const KEY = 'checkedSession';

export function sessionCookiesOf(c: Context): SessionCookies {
  return {
    token: readCookie(c, 'session_token')?.toLowerCase(),
    projectId: readCookie(c, 'project_token')?.toLowerCase(),
  };
}

export function keepCheckedSession(
  c: Context,
  cookies: SessionCookies,
  session: CheckedSession | undefined,
): void {
  c.set(KEY as never, { ...cookies, session } satisfies Made as never);
}

/**
 * The check made ahead for this token (and project, when it matters), as `{ session }`; undefined when none was
 * made for them, and the route checks itself.
 */
export function checkedSessionFor(
  c: Context,
  token: string | undefined,
  projectId?: string,
  withProject = false,
): { session: CheckedSession | undefined } | undefined {
  const made = c.get(KEY as never) as Made | undefined;
  if (!made || made.token !== token || (withProject && made.projectId !== projectId)) return undefined;
  return { session: made.session };
}
