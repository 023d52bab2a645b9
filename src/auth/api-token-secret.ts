// Researchers' API token secrets: `c4m_rt_` and 43 base64url characters (256 random bits). Only a secret's
// SHA-256 is stored: a random 256-bit secret cannot be guessed, so the slow, salted hash that passwords need
// would add nothing but the cost of an argon2 run on every request (docs/accounts.md).
import { createHash, randomBytes } from 'node:crypto';

/** Recognisable in logs, shell histories and secret scanners. */
export const API_TOKEN_PREFIX = 'c4m_rt_';
const SECRET_BYTES = 32;
const SECRET_PATTERN = /^c4m_rt_[A-Za-z0-9_-]{43}$/;

export interface MintedApiTokenSecret {
  /** Shown to the operator once, never stored. */
  secret: string;
  /** What the `api_token` row keeps. */
  hash: string;
}

export function mintApiTokenSecret(random: (size: number) => Buffer = randomBytes): MintedApiTokenSecret {
  const secret = `${API_TOKEN_PREFIX}${random(SECRET_BYTES).toString('base64url')}`;
  return { secret, hash: hashApiTokenSecret(secret) };
}

/** Hex SHA-256 of the whole secret, prefix included. */
export function hashApiTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether a presented value has the shape of a secret; anything else is refused before the database. */
export function isApiTokenSecret(value: string | undefined): value is string {
  return value !== undefined && SECRET_PATTERN.test(value);
}
