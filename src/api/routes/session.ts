// /api/session/*: acquire the user's session (session_token cookie) and end it on project close
// (protocol §4.5, §4.13). The session cookie has no Max-Age: the server slides the session's TTL on use,
// and a cookie expiry would silently stop the plugin's completions while the IDE stays open.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { revokeAuthTokens } from '../../auth/index.js';
import { acquireSession, endUserSession } from '../../accounts/index.js';
import { requireUser } from '../middleware/auth.js';
import { clearTokenCookie, setTokenCookie } from '../middleware/cookies.js';
import { correlationIdOf } from '../middleware/correlation-id.js';
import * as S from './account-schemas.js';

const acquire = createRoute({
  method: 'get',
  path: '/api/session/acquire',
  summary: "The user's live session, or a new one; sets the session_token cookie",
  responses: {
    200: S.json(z.object({ message: z.string(), session_token: z.string() }), 'Session'),
    ...S.errorResponses(401, 429),
  },
});

const deactivate = createRoute({
  method: 'put',
  // The app is not strict about trailing slashes: this also serves `/api/session/deactivate/`, the plugin's form.
  path: '/api/session/deactivate',
  summary:
    'End the session and log out (the plugin calls it with a trailing slash); clears auth_token and session_token',
  responses: { 200: S.json(S.MessageSchema, 'Deactivated'), ...S.errorResponses(401, 429) },
});

export function registerSessionRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(acquire, async (c) => {
    const { userId } = await requireUser(c, deps);
    const { sessionId } = await acquireSession(deps, userId, correlationIdOf(c));
    setTokenCookie(c, 'session_token', sessionId);
    return c.json({ message: 'Session acquired successfully', session_token: sessionId }, 200);
  });

  // Logs out even without a live session (the Python server then kept the auth token valid, B16).
  app.openapi(deactivate, async (c) => {
    const { userId, authToken } = await requireUser(c, deps);
    await endUserSession(deps, userId, 'deactivated', correlationIdOf(c));
    await revokeAuthTokens(deps.redis, userId, authToken);
    clearTokenCookie(c, 'auth_token');
    clearTokenCookie(c, 'session_token');
    return c.json({ message: 'Session deactivated successfully.' }, 200);
  });
}
