// Contexts read model projectors: the multi-file context change log, one `context_change` row per file per
// context.updated event (an update split across events has each file in one of them). `stored` is true only
// for a row that holds the file's changes; `changes_omitted` says why the others do not.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';

export async function projectContextUpdated(trx: Trx, event: DomainEvent<'context.updated'>): Promise<void> {
  const { data } = event;
  const files = Object.entries(data.files);
  if (files.length === 0) return;
  const rows = files.map(([file, summary]) => {
    const changes = summary.changesOmitted === null ? data.changes[file] : undefined;
    return {
      event_id: event.id,
      project_id: required(event.projectId, 'projectId'),
      session_id: required(event.sessionId, 'sessionId'),
      user_id: event.userId,
      file_path: file,
      changes: changes ? JSON.stringify(changes) : null,
      line_count: summary.lineCount,
      change_count: summary.changeCount,
      stored: changes !== undefined,
      updated_at: data.updatedAt,
      changes_omitted: summary.changesOmitted,
    };
  });
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
