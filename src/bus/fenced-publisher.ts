// The publisher the API's routes append through: it refuses every event of a user whose erasure has begun
// (src/auth/erasure-fence.ts), checked right before the append, so a completion, feedback or context update
// that was authenticated before the erasure cannot land after its user.erased. The erasure job itself appends
// through the unfenced publisher.
import type { DomainEvent } from '../../events/index.js';
import { AppError } from '../platform/errors.js';
import type { EventPublisher } from './event-publisher.js';

/** Which of these users are fenced; one round trip. */
export type FenceCheck = (userIds: readonly string[]) => Promise<readonly string[]>;

export class UserErasedError extends AppError {
  constructor() {
    super(
      'invalid_session_token',
      401,
      'Session not found! You are not authenticated or your session has expired. Login before you can perform this action.',
    );
  }
}

// An ended session carries nothing of the user (the session-expiry sweeper may still end theirs); the erasure
// job's user.erased goes through the unfenced publisher anyway.
const UNFENCED_TYPES: ReadonlySet<string> = new Set(['session.ended', 'user.erased']);

export function createFencedPublisher(inner: EventPublisher, fenced: FenceCheck): EventPublisher {
  const check = async (events: readonly DomainEvent[]): Promise<void> => {
    const users = [
      ...new Set(events.flatMap((e) => (e.userId && !UNFENCED_TYPES.has(e.type) ? [e.userId] : []))),
    ];
    if ((await fenced(users)).length > 0) throw new UserErasedError();
  };
  return {
    append: async (event) => {
      await check([event]);
      return inner.append(event);
    },
    appendAll: async (events) => {
      await check(events);
      return inner.appendAll(events);
    },
  };
}
