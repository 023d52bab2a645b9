// Contexts read model projectors: the multi-file context change log, one `context_change` row per file per
// context.updated event (an update split across events has each file in one of them). `stored` is true only
// for a row that holds the file's changes; `changes_omitted` says why the others do not.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';
import { contextChangeRows } from './context-change-rows.js';

export async function projectContextUpdated(
  trx: Trx,
  event: DomainEvent<'context.updated'>,
  seq: number,
): Promise<void> {
  const rows = contextChangeRows(event, seq);
  if (rows.length === 0) return;
  await trx
    .insertInto('context_change')
    .values(rows)
    .onConflict((oc) => oc.columns(['event_id', 'file_path']).doNothing())
    .execute();
}

export async function projectUserErasedFromContexts(
  trx: Trx,
  event: DomainEvent<'user.erased'>,
): Promise<void> {
  if (!event.data.deleteData) return;
  await trx.deleteFrom('context_change').where('user_id', '=', required(event.userId, 'userId')).execute();
}
