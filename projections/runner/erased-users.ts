// The projections' record of erasures (projection_erased_user): read and written inside each batch's
// transaction (apply-batch.ts), so the live runner knows every erasure before its checkpoint, across
// restarts and processes. The rule itself is events/erased-users.ts.
import { ErasedUsers, subjectTokens, type StoredSubject } from '../../events/index.js';
import type { Db } from '../../src/platform/db.js';
import type { Trx } from './read-model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The users of these messages that projection_erased_user knows as erased. */
export async function loadErasedUsers(
  trx: Trx | Db,
  messages: readonly StoredSubject[],
): Promise<ErasedUsers> {
  const ids = [...new Set(messages.map((m) => subjectTokens(m.subject).userId).filter((u) => UUID.test(u)))];
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
