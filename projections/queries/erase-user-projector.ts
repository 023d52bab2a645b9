// user.erased with deleteData → the user's queries and everything hanging off them. Deleting meta_query
// cascades to completion_query, had_generation, failed_generation, feedback and ground_truth; the 1:1 context
// and telemetry rows are deleted by the ids the deleted queries pointed at.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';

export async function projectUserErasedFromQueries(
  trx: Trx,
  event: DomainEvent<'user.erased'>,
): Promise<void> {
  if (!event.data.deleteData) return;
  const deleted = await trx
    .deleteFrom('meta_query')
    .where('user_id', '=', required(event.userId, 'userId'))
    .returning(['context_id', 'contextual_telemetry_id', 'behavioral_telemetry_id'])
    .execute();
  const ids = (pick: (r: (typeof deleted)[number]) => string | null): string[] =>
    deleted.map(pick).filter((v): v is string => v !== null);
  const contexts = ids((r) => r.context_id);
  const contextual = ids((r) => r.contextual_telemetry_id);
  const behavioral = ids((r) => r.behavioral_telemetry_id);
  if (contexts.length > 0) await trx.deleteFrom('context').where('context_id', 'in', contexts).execute();
  if (contextual.length > 0) {
    await trx.deleteFrom('contextual_telemetry').where('contextual_telemetry_id', 'in', contextual).execute();
  }
  if (behavioral.length > 0) {
    await trx.deleteFrom('behavioral_telemetry').where('behavioral_telemetry_id', 'in', behavioral).execute();
  }
}
