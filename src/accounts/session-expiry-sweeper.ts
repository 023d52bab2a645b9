// The session-expiry sweeper (api role): appends session.ended (reason `expired`) for each session that
// expired in Redis, dated when it expired (its last use + the TTL), not when the sweeper noticed. Several API
// processes may sweep: a session is claimed by one (src/auth/session-expiry.ts), and the event id is derived
// from the session, so even an append repeated after a lost claim is stored once (Nats-Msg-Id dedupe).
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { makeEvent, type DomainEvent } from '../../events/index.js';
import { claimExpiredSession, dueSessions, forgetSession, type ExpiredSession } from '../auth/index.js';
import type { AccountDeps } from './account-deps.js';
import { createPeriodicTask, type PeriodicTask } from './periodic-task.js';

export type SweeperDeps = Pick<AccountDeps, 'redis' | 'publisher' | 'clock' | 'logger'>;

export interface SweeperOptions {
  intervalMs?: number;
  /** How long a claim holds before another sweeper may take the session over. */
  leaseMs?: number;
  batchSize?: number;
}

export const DEFAULT_SWEEP_INTERVAL_MS = 10_000;
const EXPIRY_CORRELATION_ID = 'session-expiry';

export function createSessionExpirySweeper(deps: SweeperDeps, opts: SweeperOptions = {}): PeriodicTask {
  const logger = deps.logger.child({ task: 'session-expiry' });
  return createPeriodicTask(
    'session-expiry sweeper',
    opts.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    async () => {
      const ended = await sweepExpiredSessions({ ...deps, logger }, opts);
      if (ended > 0) logger.debug({ ended }, 'expired sessions ended');
    },
    logger,
  );
}

/** One pass: ends every session due now; returns how many this sweeper ended. */
export async function sweepExpiredSessions(deps: SweeperDeps, opts: SweeperOptions = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 100;
  const leaseMs = opts.leaseMs ?? 60_000;
  const now = deps.clock.now().getTime();
  let ended = 0;
  for (const sessionId of await dueSessions(deps.redis, now, batchSize)) {
    const claim = await claimExpiredSession(deps.redis, sessionId, now, leaseMs);
    if (!claim) continue;
    if (claim.userId === undefined) {
      // The session id is the plugin's session_token: never in the log.
      deps.logger.warn('expired session without an owner: no session.ended');
    } else {
      await deps.publisher.append(sessionExpiredEvent({ ...claim, userId: claim.userId }));
      ended += 1;
    }
    await forgetSession(deps.redis, sessionId);
  }
  return ended;
}

export function sessionExpiredEvent(s: ExpiredSession & { userId: string }): DomainEvent<'session.ended'> {
  const endedAt = new Date(s.expiredAtMs);
  return makeEvent(
    'session.ended',
    { userId: s.userId, sessionId: s.sessionId, correlationId: EXPIRY_CORRELATION_ID },
    { endedAt: endedAt.toISOString(), reason: 'expired' },
    { id: expiryEventId(s.sessionId, s.expiredAtMs), occurredAt: endedAt },
  );
}

/** A UUID v7 of the expiry time whose other bits come from the session id: the same for every sweeper. */
function expiryEventId(sessionId: string, expiredAtMs: number): string {
  const random = createHash('sha256').update(`session.ended:expired:${sessionId}`).digest().subarray(0, 16);
  return uuidv7({ msecs: expiredAtMs, random });
}
