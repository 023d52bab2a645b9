// completion.shown → had_generation.shown_at (and shown_seq, this event's sequence) of the models the plugin was
// shown. The API appends it only after every other write of the request was acknowledged, so its generations
// come before it in the stream.
import { sql } from 'kysely';
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';

export async function projectCompletionShown(
  trx: Trx,
  event: DomainEvent<'completion.shown'>,
  seq: number,
): Promise<void> {
  await trx
    .updateTable('had_generation')
    .set({ shown_at: sql<Date[]>`ARRAY[${event.data.shownAt}::timestamptz]`, shown_seq: seq })
    .where('meta_query_id', '=', required(event.queryId, 'queryId'))
    .where('model_id', 'in', event.data.modelIds)
    .execute();
}
