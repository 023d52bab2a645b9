// The Redis keys of sessions (under the deployment's key prefix). `session_expiry` and `session_owner` outlive
// the session keys themselves, so a session that expires can still be ended in the log (session-expiry.ts).
// The session id is in events and datasets, so it is no credential: the plugin's session_token is a separate
// random UUID whose key holds only its SHA-256 digest, so a key listing never shows it (the session's own hash
// keeps the token as a value: acquire hands the same token to each of the user's clients).
import { createHash } from 'node:crypto';
import { boundedMemo } from '../platform/bounded-memo.js';

export const sessionKey = (id: string) => `session:${id}`;
export const projectsKey = (id: string) => `session:${id}:projects`;
export const userSessionKey = (userId: string) => `user_session:${userId}`;
/** Hex SHA-256 of a token as the plugin sends it (lower-cased UUID); kept per token, checked on every request. */
export const tokenDigest = boundedMemo((token: string) =>
  createHash('sha256').update(token, 'utf8').digest('hex'),
);
/** String: the digest of a session token → its session id (same TTL as the session). */
export const sessionTokenKey = (token: string) => `session_token:${tokenDigest(token)}`;
/** Sorted set: session id → when it expires (epoch ms of its last use + the TTL). */
export const SESSION_EXPIRY_KEY = 'session_expiry';
/** Hash: session id → user id, while the session is tracked. */
export const SESSION_OWNER_KEY = 'session_owner';
/** Hash: session id → the expiry (epoch ms) of an expired session claimed by a sweeper. */
export const SESSION_EXPIRED_AT_KEY = 'session_expired_at';
