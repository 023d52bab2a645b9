// The publisher the API's routes append through: it refuses every event of a user whose erasure has begun
// (src/auth/erasure-fence.ts), checked right before the append, so a completion, feedback or context update
// that was authenticated before the erasure cannot land after its user.erased. The API checks its fence watch
// (src/auth/fence-watch.ts), in memory while that is live; the erasure job itself appends through the
// unfenced publisher.
import type { DomainEvent } from '../../events/index.js';
import { AppError } from '../platform/errors.js';
import type { EventPublisher } from './event-publisher.js';

/** Which of these users are fenced: an answer at hand, or a round trip. */
export type FenceCheck = (userIds: readonly string[]) => readonly string[] | Promise<readonly string[]>;

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
  /** Throws (or rejects) when one of the events' users is fenced; undefined when that is known at once. */
  const check = (events: readonly DomainEvent[]): Promise<void> | undefined => {
    const users = [
      ...new Set(events.flatMap((e) => (e.userId && !UNFENCED_TYPES.has(e.type) ? [e.userId] : []))),
    ];
    if (users.length === 0) return undefined;
    const found = fenced(users);
    if (!('then' in found)) return refuseAny(found);
    return found.then(refuseAny);
  };
  // Async, so that a refusal known at once still rejects; an answer at hand awaits nothing.
  const checked = async <R>(events: readonly DomainEvent[], append: () => Promise<R>): Promise<R> => {
    const pending = check(events);
    if (pending) await pending;
    return append();
  };
  return {
    append: (event, opts) => checked([event], () => inner.append(event, opts)),
    appendAll: (events) => checked(events, () => inner.appendAll(events)),
  };
}

function refuseAny(found: readonly string[]): undefined {
  if (found.length > 0) throw new UserErasedError();
  return undefined;
}
