// Erased users as the projections, rebuilds and replays know them: user id → the stream sequence of their
// (first) user.erased. An event of that user with a later sequence is a straggler (appended by a request that
// was in flight when the erasure began) and is never projected or replayed, so nothing of the user comes back.
// The subject says all of it (type token, user id as the last token): nothing is decoded.
import { typeToken } from './subjects.js';

const ERASED_TOKEN = typeToken('user.erased');

/** What a stream message says of itself without being decoded. */
export interface StoredSubject {
  seq: number;
  subject: string;
}

export function subjectTokens(subject: string): { type: string; userId: string } {
  const parts = subject.split('.');
  return { type: parts[2] ?? '', userId: parts[parts.length - 1] ?? '' };
}

export class ErasedUsers {
  private readonly erasedAt: Map<string, number>;
  private readonly noted: Array<[string, number]> = [];

  constructor(entries: Iterable<[string, number]> = []) {
    this.erasedAt = new Map(entries);
  }

  /** Notes a user.erased message; for any other, whether it is an erased user's event after their erasure. */
  isStraggler(message: StoredSubject): boolean {
    const { type, userId } = subjectTokens(message.subject);
    const at = this.erasedAt.get(userId);
    if (type === ERASED_TOKEN) {
      if (at === undefined || message.seq < at) {
        this.erasedAt.set(userId, message.seq);
        this.noted.push([userId, message.seq]);
      }
      return false;
    }
    return at !== undefined && message.seq > at;
  }

  /** The user.erased messages noted since the last call. */
  takeNoted(): Array<[string, number]> {
    return this.noted.splice(0);
  }

  entries(): Array<[string, number]> {
    return [...this.erasedAt];
  }
}
