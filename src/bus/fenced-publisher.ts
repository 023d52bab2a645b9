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
  /** Then append, unless one of the events' users is fenced: a rejection, never a throw. */
  const checked = <R>(users: readonly string[], append: () => Promise<R>): Promise<R> => {
    if (users.length === 0) return append();
    let found: readonly string[] | Promise<readonly string[]>;
    try {
      found = fenced(users);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    // An answer at hand (a live fence watch) costs no extra promise: the completion path appends three events.
    if (!('then' in found)) return found.length > 0 ? Promise.reject(new UserErasedError()) : append();
    return found.then((f) => (f.length > 0 ? Promise.reject(new UserErasedError()) : append()));
  };
  return {
    append: (event, opts) => checked(fencedUsersOf([event]), () => inner.append(event, opts)),
    appendAll: (events) => checked(fencedUsersOf(events), () => inner.appendAll(events)),
  };
}

/** The users whose fence the events must pass: each event's user, but for the types that carry nothing of them. */
function fencedUsersOf(events: readonly DomainEvent[]): string[] {
  const users: string[] = [];
  for (const e of events) {
    if (e.userId && !UNFENCED_TYPES.has(e.type) && !users.includes(e.userId)) users.push(e.userId);
  }
  return users;
}
