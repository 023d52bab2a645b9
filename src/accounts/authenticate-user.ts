// Login with e-mail and password or with a Google ID token; the provider field decides which, never the
// shape of the body (B17). Answers the user, their config and their (reused) auth token.
import { Errors } from '../platform/errors.js';
import {
  burnPasswordCheck,
  issueAuthToken,
  verifyPassword,
  type GoogleTokenVerifier,
} from '../auth/index.js';
import type { AccountDeps } from './account-deps.js';
import { findUserByEmail, loadConfigData, type UserRow } from './user-repository.js';

export type Credentials =
  { provider: 'no_provider'; email: string; password: string } | { provider: 'google'; token: string };

export interface Authenticated {
  user: UserRow;
  config: string;
  authToken: string;
  via: 'password' | 'google';
}

export async function authenticateUser(
  deps: AccountDeps,
  credentials: Credentials,
  verifyGoogle: GoogleTokenVerifier,
): Promise<Authenticated> {
  const user =
    credentials.provider === 'google'
      ? await userOfGoogleToken(deps, credentials.token, verifyGoogle)
      : await userOfPassword(deps, credentials.email, credentials.password);
  const config = await loadConfigData(deps.db, Number(user.config_id));
  if (config === undefined) throw Errors.configNotFound();
  const authToken = await issueAuthToken(deps.redis, user.user_id, deps.config.authTokenTtlS);
  return { user, config, authToken, via: credentials.provider === 'google' ? 'google' : 'password' };
}

async function userOfPassword(deps: AccountDeps, email: string, password: string): Promise<UserRow> {
  const user = await findUserByEmail(deps.db, email.trim());
  if (!user) {
    await burnPasswordCheck(password);
    throw Errors.invalidCredentials();
  }
  if (!(await verifyPassword(user.password, password))) throw Errors.invalidCredentials();
  return user;
}

async function userOfGoogleToken(
  deps: AccountDeps,
  token: string,
  verify: GoogleTokenVerifier,
): Promise<UserRow> {
  if (!token) throw Errors.invalidJwt();
  const identity = await verify(token);
  const user = await findUserByEmail(deps.db, identity.email);
  if (!user) throw Errors.invalidJwt();
  return user;
}
