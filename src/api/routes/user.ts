// /api/user/*: sign-up, login, profile, deletion and verification status (protocol §4.1-4.4, §4.14).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiDeps } from '../deps.js';
import { Errors } from '../../platform/errors.js';
import {
  createGoogleTokenVerifier,
  resolveErasingToken,
  type GoogleTokenVerifier,
} from '../../auth/index.js';
import {
  authenticateUser,
  eraseUser,
  findUserById,
  loadConfigData,
  registerUser,
  toResponseUser,
  updateUser,
  type Credentials,
  type UserChanges,
  type UserRow,
} from '../../accounts/index.js';
import { requireUser } from '../middleware/auth.js';
import { clearTokenCookie, readCookie, setTokenCookie } from '../middleware/cookies.js';
import { erasurePortsOf } from '../erasure-ports.js';
import { correlationIdOf } from '../middleware/correlation-id.js';
import { requestLogger } from '../middleware/request-context.js';
import * as S from './account-schemas.js';
import { syncUserArm } from '../../studies/index.js';

const createUser = createRoute({
  method: 'post',
  path: '/api/user/create',
  summary: 'Sign up (e-mail and password, or a Google ID token)',
  request: { body: S.jsonBody(S.CreateUserSchema) },
  responses: {
    201: S.json(z.object({ message: z.string(), user_id: z.string() }), 'User created'),
    ...S.errorResponses(401, 409, 422, 429),
  },
});

const authenticate = createRoute({
  method: 'post',
  path: '/api/user/authenticate',
  summary: 'Log in; sets the auth_token cookie and returns the user and their plugin config (HOCON)',
  request: { body: S.jsonBody(S.AuthenticateUserSchema) },
  responses: {
    200: S.json(S.UserWithConfigSchema, 'Authenticated'),
    ...S.errorResponses(401, 404, 422, 429),
  },
});

const getUser = createRoute({
  method: 'get',
  path: '/api/user/get',
  summary: 'The logged-in user and their plugin config',
  responses: { 200: S.json(S.UserWithConfigSchema, 'The user'), ...S.errorResponses(401, 404, 429) },
});

const update = createRoute({
  method: 'put',
  path: '/api/user/update',
  summary: 'Change name, e-mail, password or preferences (preferences are merged)',
  request: { body: S.jsonBody(S.UpdateUserSchema) },
  responses: {
    201: S.json(z.object({ message: z.string(), user: S.ResponseUserSchema }), 'Updated'),
    ...S.errorResponses(401, 403, 404, 409, 422, 429),
  },
});

const deleteUser = createRoute({
  method: 'delete',
  path: '/api/user/delete',
  summary: 'Delete the account; delete_data=true also erases the research data',
  request: { query: S.DeleteUserQuerySchema },
  responses: { 200: S.json(S.MessageSchema, 'Deleted'), ...S.errorResponses(401, 404, 422, 429, 503) },
});

const verifyCheck = createRoute({
  method: 'get',
  path: '/api/user/verify/check',
  summary: 'Whether the e-mail address is verified',
  responses: {
    200: S.json(z.object({ message: z.string(), user_is_verified: z.boolean() }), 'Status'),
    ...S.errorResponses(401, 404, 429),
  },
});

const verifyResend = createRoute({
  method: 'post',
  path: '/api/user/verify/resend',
  summary: 'Ask for a verification e-mail (this server sends none: the request is logged)',
  responses: { 200: S.json(S.MessageSchema, 'Requested'), ...S.errorResponses(401, 404, 429) },
});

export function registerUserRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  const google = googleVerifierOf(deps);

  app.openapi(createUser, async (c) => {
    const body = c.req.valid('json');
    const userId = await registerUser(deps, body, google, correlationIdOf(c));
    return c.json(
      { message: 'User created successfully. Please check your email for verification.', user_id: userId },
      201,
    );
  });

  app.openapi(authenticate, async (c) => {
    const body = c.req.valid('json');
    const credentials: Credentials =
      body.provider === 'google'
        ? { provider: 'google', token: body.token }
        : { provider: 'no_provider', email: body.email ?? '', password: body.password ?? '' };
    const auth = await authenticateUser(deps, credentials, google);
    setTokenCookie(c, 'auth_token', auth.authToken, deps.config.authTokenTtlS);
    const via = auth.via === 'google' ? 'OAuth' : 'email and password';
    const signedIn = await withStudyArm(c, deps, auth.user);
    const user = toResponseUser(signedIn, auth.authToken);
    const config = signedIn === auth.user ? auth.config : await configOf(deps, signedIn);
    return c.json({ message: `User authenticated successfully via ${via}.`, user, config }, 200);
  });

  app.openapi(getUser, async (c) => {
    const current = await currentUser(c, deps);
    const user = await withStudyArm(c, deps, current.user);
    const authToken = current.authToken;
    const config = await configOf(deps, user);
    const body = {
      message: 'User information retrieved successfully.',
      user: toResponseUser(user, authToken),
      config,
    };
    return c.json(body, 200);
  });

  app.openapi(update, async (c) => {
    const { userId, authToken } = await requireUser(c, deps);
    const changes = withoutNulls(c.req.valid('json'));
    const user = await updateUser(deps, userId, changes, correlationIdOf(c));
    return c.json({ message: 'User is updated successfully.', user: toResponseUser(user, authToken) }, 201);
  });

  app.openapi(deleteUser, async (c) => {
    const { userId, authToken } = await requireErasingUser(c, deps);
    const deleteData = S.parseBooleanFlag(c.req.valid('query').delete_data);
    await eraseUser(deps, erasurePortsOf(deps), {
      userId,
      authToken,
      deleteData,
      correlationId: correlationIdOf(c),
    });
    clearTokenCookie(c, 'auth_token');
    clearTokenCookie(c, 'session_token');
    return c.json({ message: 'User is deleted successfully.' }, 200);
  });

  app.openapi(verifyCheck, async (c) => {
    const { user } = await currentUser(c, deps);
    return c.json(
      { message: 'Verification get returned successfully.', user_is_verified: user.verified },
      200,
    );
  });

  app.openapi(verifyResend, async (c) => {
    const { user } = await currentUser(c, deps);
    requestLogger(c, deps.logger).warn(
      { userId: user.user_id },
      'verification e-mail requested; this server sends no e-mail',
    );
    const message =
      'Verification requested. This server sends no e-mail; an administrator verifies accounts.';
    return c.json({ message }, 200);
  });
}

/**
 * The user of the auth_token cookie, or the user whose erasure this token started (every live token is
 * revoked first, so a retry after a failure names its erasure by the token it began with).
 */
async function requireErasingUser(c: Context, deps: ApiDeps): Promise<{ userId: string; authToken: string }> {
  const authToken = readCookie(c, 'auth_token')?.toLowerCase();
  const erasing = await resolveErasingToken(deps.redis, authToken);
  if (erasing && authToken) return { userId: erasing, authToken };
  return requireUser(c, deps);
}

async function currentUser(c: Context, deps: ApiDeps): Promise<{ user: UserRow; authToken: string }> {
  const { userId, authToken } = await requireUser(c, deps);
  const user = await findUserById(deps.db, userId);
  if (!user) throw Errors.userNotFound();
  return { user, authToken };
}

/**
 * The user after their study arm was brought up to date (assigned when a study runs, released when it ended),
 * so the config served at this sign-in is the arm's. A failure to append is logged: the outbox relay appends it.
 */
async function withStudyArm(c: Context, deps: ApiDeps, user: UserRow): Promise<UserRow> {
  try {
    const sync = await syncUserArm(deps, user.user_id, correlationIdOf(c));
    if (sync.events.length === 0) return user;
  } catch (err) {
    requestLogger(c, deps.logger).warn(
      { err, userId: user.user_id },
      'study arm not brought up to date at sign-in',
    );
  }
  return (await findUserById(deps.db, user.user_id)) ?? user;
}

async function configOf(deps: ApiDeps, user: UserRow): Promise<string> {
  const config = await loadConfigData(deps.db, Number(user.config_id));
  if (config === undefined) throw Errors.configNotFound();
  return config;
}

function withoutNulls(body: z.infer<typeof S.UpdateUserSchema>): UserChanges {
  const entries = Object.entries(body).filter(([, value]) => value !== null && value !== undefined);
  return Object.fromEntries(entries) as Partial<Record<keyof UserChanges, unknown>> as UserChanges;
}

function googleVerifierOf(deps: ApiDeps): GoogleTokenVerifier {
  if (deps.googleVerifier) return deps.googleVerifier;
  let verifier: GoogleTokenVerifier | undefined;
  // Built on first use, so a server without Google sign-in never fetches Google's keys.
  return (token) => (verifier ??= createGoogleTokenVerifier(deps.config.googleClientIds))(token);
}
