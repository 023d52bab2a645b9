// Inserts a user row straight into the read model (no sign-up, no event), for tests that need an account of
// some role to exist: a password account named Ada on config 1, e-mail `<user_id>@example.org`.
import { randomUUID } from 'node:crypto';
import { insertUser } from '../../src/accounts/index.js';
import type { Db } from '../../src/platform/db.js';

export interface SeededUser {
  userId: string;
  email: string;
}

export interface SeedUserOptions {
  verified: boolean;
  /** Left to the column's default (user) when not given. */
  role?: 'user' | 'researcher' | 'admin';
}

export async function seedUser(db: Db, options: SeedUserOptions): Promise<SeededUser> {
  const userId = randomUUID();
  const email = `${userId}@example.org`;
  await insertUser(db, {
    user_id: userId,
    joined_at: new Date(),
    email,
    name: 'Ada',
    password: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA',
    is_oauth_signup: false,
    verified: options.verified,
    config_id: 1,
    preference: JSON.stringify({}),
    ...(options.role ? { role: options.role } : {}),
  });
  return { userId, email };
}
