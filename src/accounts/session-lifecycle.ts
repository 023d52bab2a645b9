// Starting and ending sessions. The event is appended before Redis is written, so no client ever holds a
// session the stream does not know; a session that expires gets its session.ended from the sweeper
// (session-expiry-sweeper.ts). The client gets the session's token, never its id: the id is in every event and
// dataset row, the token is the credential (src/auth/sessions.ts).
import { randomUUID } from 'node:crypto';
import { makeEvent } from '../../events/index.js';
import { deleteSession, findUserSession, issueSessionToken, storeSession } from '../auth/index.js';
import type { AccountDeps } from './account-deps.js';

/**
 * The user's live session and its token, or a new one (session.started). A live session stored before tokens
 * were separate from ids gets a token now and carries on.
 */
export async function acquireSession(
  deps: AccountDeps,
  userId: string,
  correlationId: string,
): Promise<{ sessionId: string; token: string; created: boolean }> {
  const ttl = deps.config.sessionTokenTtlS;
  const existing = await findUserSession(deps.redis, userId, ttl);
  if (existing) {
    const token = existing.token ?? (await issueSessionToken(deps.redis, existing.sessionId, ttl));
    return { sessionId: existing.sessionId, token, created: false };
  }
  const sessionId = randomUUID();
  const startedAt = deps.clock.now();
  await deps.publisher.append(
    makeEvent(
      'session.started',
      { userId, sessionId, correlationId },
      { startedAt: startedAt.toISOString() },
      { occurredAt: startedAt },
    ),
  );
  const token = await storeSession(deps.redis, sessionId, userId, ttl);
  return { sessionId, token, created: true };
}

/** Ends the user's live session, if there is one (session.ended). Returns the ended session's id. */
export async function endUserSession(
  deps: AccountDeps,
  userId: string,
  reason: 'deactivated' | 'user_deleted',
  correlationId: string,
): Promise<string | undefined> {
  const sessionId = (await findUserSession(deps.redis, userId, deps.config.sessionTokenTtlS))?.sessionId;
  if (!sessionId) return undefined;
  const endedAt = deps.clock.now();
  await deps.publisher.append(
    makeEvent(
      'session.ended',
      { userId, sessionId, correlationId },
      { endedAt: endedAt.toISOString(), reason },
      { occurredAt: endedAt },
    ),
  );
  await deleteSession(deps.redis, sessionId, userId);
  return sessionId;
}
