// A session check made ahead of the route: the rate limit of a route group whose routes all check the
// session_token runs the check in its own script (one round trip for both) and leaves the answer here for
// requireSession / requireSessionProject (auth.ts), which read the same cookies through sessionCookiesOf.
import type { Context } from 'hono';
import type { CheckedSession } from '../../auth/index.js';
import { parseCookieHeader } from './cookies.js';

/** The cookies a session check is made for, as the routes read them. */
export interface SessionCookies {
  token: string | undefined;
  projectId: string | undefined;
}

/** The check's answer; `session` undefined when it refused the token. */
interface Made {
  session: CheckedSession | undefined;
}

const KEY = 'checkedSession';

/** As readCookie reads them (the last duplicate wins), lower-cased; the header is parsed once for both. */
export function sessionCookiesOf(c: Context): SessionCookies {
  const jar = parseCookieHeader(c.req.header('cookie'));
  return {
    token: jar.get('session_token')?.toLowerCase(),
    projectId: jar.get('project_token')?.toLowerCase(),
  };
}

export function keepCheckedSession(c: Context, session: CheckedSession | undefined): void {
  c.set(KEY as never, { session } satisfies Made as never);
}

/**
 * The check made ahead for this request, as `{ session }`; undefined when none was made and the route checks
 * itself. It was made for this request's cookies, the ones sessionCookiesOf reads for the route too.
 */
export function checkedSessionOf(c: Context): Made | undefined {
  return c.get(KEY as never) as Made | undefined;
}
