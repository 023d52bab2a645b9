// The Redis keys of sessions (under the deployment's key prefix). `session_expiry` and `session_owner` outlive
// the session keys themselves, so a session that expires can still be ended in the log (session-expiry.ts).
export const sessionKey = (id: string) => `session:${id}`;
export const projectsKey = (id: string) => `session:${id}:projects`;
export const userSessionKey = (userId: string) => `user_session:${userId}`;
/** Sorted set: session id → when it expires (epoch ms of its last use + the TTL). */
export const SESSION_EXPIRY_KEY = 'session_expiry';
/** Hash: session id → user id, while the session is tracked. */
export const SESSION_OWNER_KEY = 'session_owner';
/** Hash: session id → the expiry (epoch ms) of an expired session claimed by a sweeper. */
export const SESSION_EXPIRED_AT_KEY = 'session_expired_at';
