// completion.feedback → one `feedback` row per call, had_generation.was_accepted = the latest call's value,
// and a `ground_truth` row when the call carries the code the user ended up with. One statement: the inserts
// are CTEs of the update. Feedback for a query this read model does not have violates feedback's foreign
// key, and is dead-lettered.
import type { QueryCreator } from 'kysely';
import type { DomainEvent } from '../../events/index.js';
import type { Database } from '../../src/platform/db-schema.js';
import { required, type Trx } from '../runner/index.js';
import { feedbackRow, groundTruthRow } from './query-rows.js';

export async function projectCompletionFeedback(
  trx: Trx,
  event: DomainEvent<'completion.feedback'>,
  seq: number,
): Promise<void> {
  const id = required(event.queryId, 'queryId');
  const truth = groundTruthRow(event, seq);
  const withFeedback = trx.with('fb', (db) => insertFeedback(db, event, seq));
  const inserts =
    truth === null
      ? withFeedback
      : withFeedback.with('gt', (db) =>
          db
            .insertInto('ground_truth')
            .values(truth)
            .onConflict((oc) =>
              oc.columns(['completion_query_id', 'truth_timestamp', 'model_id']).doNothing(),
            )
            .returning('completion_query_id'),
        );
  await inserts
    .updateTable('had_generation')
    .set({ was_accepted: event.data.wasAccepted })
    .where('meta_query_id', '=', id)
    .where('model_id', '=', event.data.modelId)
    .execute();
}

function insertFeedback(db: QueryCreator<Database>, event: DomainEvent<'completion.feedback'>, seq: number) {
  return db
    .insertInto('feedback')
    .values(feedbackRow(event, seq))
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id');
}
