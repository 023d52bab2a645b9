// Contexts read model projectors: the multi-file context change log, one `context_change` row per file per
// context.updated event. The raw changes are kept only when the user's store_context allowed it.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';

export async function projectContextUpdated(trx: Trx, event: DomainEvent<'context.updated'>): Promise<void> {
  const { data } = event;
  const files = [...new Set([...Object.keys(data.files), ...Object.keys(data.changes)])];
  if (files.length === 0) return;
  const rows = files.map((file) => {
    const changes = data.stored ? data.changes[file] : undefined;
    return {
      event_id: event.id,
      project_id: required(event.projectId, 'projectId'),
      session_id: required(event.sessionId, 'sessionId'),
      user_id: event.userId,
      file_path: file,
      changes: changes ? JSON.stringify(changes) : null,
      line_count: data.files[file]?.lineCount ?? 0,
      change_count: data.files[file]?.changeCount ?? 0,
      stored: data.stored,
      updated_at: data.updatedAt,
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
