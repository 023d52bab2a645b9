// Sign-up: the account row and its user.registered event commit together through the outbox, and the answer
// waits for the stream's ack (a failed commit appends nothing). Every new user gets config 1, unverified and
// not an admin: the client's config_id is ignored (S2).
import { randomUUID } from 'node:crypto';
import { makeEvent } from '../../events/index.js';
import { Errors } from '../platform/errors.js';
import { hashPassword, type GoogleTokenVerifier } from '../auth/index.js';
import type { AccountDeps } from './account-deps.js';
import { commitWithEvents } from './account-outbox.js';
import { DEFAULT_CONFIG_ID } from './ensure-default-config.js';
import { DEFAULT_PREFERENCE } from './preference.js';
import { findUserByEmail, insertUser, isUniqueViolation } from './user-repository.js';

export interface RegistrationInput {
  email: string;
  name: string;
  password: string;
  provider: 'no_provider' | 'google';
  token: string;
}

export async function registerUser(
  deps: AccountDeps,
  input: RegistrationInput,
  verifyGoogle: GoogleTokenVerifier,
  correlationId: string,
): Promise<string> {
  const email = input.email.toLowerCase();
  if (input.provider === 'google') {
    const identity = await verifyGoogle(input.token);
    if (identity.email !== email) throw Errors.invalidJwt();
  }
  if (await findUserByEmail(deps.db, email)) throw Errors.userExists();
  const userId = randomUUID();
  const joinedAt = deps.clock.now();
  const password = await hashPassword(input.password);
  const isOauthSignup = input.provider === 'google';
  const event = makeEvent(
    'user.registered',
    { userId, correlationId },
    { email, name: input.name, configId: DEFAULT_CONFIG_ID, isOauthSignup, joinedAt: joinedAt.toISOString() },
    { occurredAt: joinedAt },
  );
  try {
    await commitWithEvents(deps, async (trx) => {
      await insertUser(trx, {
        user_id: userId,
        joined_at: joinedAt,
        email,
        name: input.name,
        password,
        is_oauth_signup: isOauthSignup,
        verified: false,
        config_id: DEFAULT_CONFIG_ID,
        preference: JSON.stringify(DEFAULT_PREFERENCE),
      });
      return { result: undefined, events: [event] };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw Errors.userExists();
    throw err;
  }
  return userId;
}
