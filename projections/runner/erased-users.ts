// Erased users as the projections know them: user id → the stream sequence of their (first) user.erased. An
// event of that user with a later sequence is a straggler (appended by a request that was in flight when the
// erasure began) and is never projected, live or in a rebuild, so a rebuild brings nothing of the user back.
// The subject says all of it (type token, user id as the last token): nothing is decoded.
import { typeToken } from '../../events/index.js';
import type { Db } from '../../src/platform/db.js';
import type { StreamMessage } from './batch-outcome.js';
import type { Trx } from './read-model.js';

const ERASED_TOKEN = typeToken('user.erased');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Subject = Pick<StreamMessage, 'seq' | 'subject'>;

function tokensOf(subject: string): { type: string; userId: string } {
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
  isStraggler(message: Subject): boolean {
    const { type, userId } = tokensOf(message.subject);
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

/** The users of these messages that projection_erased_user knows as erased. */
export async function loadErasedUsers(trx: Trx | Db, messages: readonly Subject[]): Promise<ErasedUsers> {
  const ids = [...new Set(messages.map((m) => tokensOf(m.subject).userId).filter((u) => UUID.test(u)))];
  if (ids.length === 0) return new ErasedUsers();
  const rows = await trx
    .selectFrom('projection_erased_user')
    .select(['user_id', 'erased_seq'])
    .where('user_id', 'in', ids)
    .execute();
  return new ErasedUsers(rows.map((r) => [r.user_id, Number(r.erased_seq)]));
}

/** Records erasures (idempotent: the first sequence stays). */
export async function saveErasedUsers(
  trx: Trx | Db,
  entries: ReadonlyArray<readonly [string, number]>,
): Promise<void> {
  const first = new Map<string, number>();
  for (const [u, seq] of entries) if (UUID.test(u)) first.set(u, Math.min(seq, first.get(u) ?? seq));
  const rows = [...first];
  if (rows.length === 0) return;
  await trx
    .insertInto('projection_erased_user')
    .values(rows.map(([user_id, erased_seq]) => ({ user_id, erased_seq })))
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        erased_seq: eb.fn('least', ['projection_erased_user.erased_seq', 'excluded.erased_seq']),
      })),
    )
    .execute();
}
