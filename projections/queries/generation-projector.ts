// completion.generated → had_generation (a model's completion; shown_at stays empty until completion.shown,
// except for v1 events, which carried their shown time) or failed_generation (a model that failed or missed
// the deadline), and meta_query.total_serving_time = the slowest model's serving time. One statement: the
// parent rows are CTEs (foreign keys are checked at the end of the statement).
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';
import { insertCompletionQuery, upsertMetaQueryStub } from './meta-query-row.js';
import { failedGenerationRow, hadGenerationRow } from './query-rows.js';

export async function projectCompletionGenerated(
  trx: Trx,
  event: DomainEvent<'completion.generated'>,
  seq: number,
): Promise<void> {
  const id = required(event.queryId, 'queryId');
  const d = event.data;
  const parents = trx
    .with('mq', (db) => upsertMetaQueryStub(db, event, seq))
    .with('cq', (db) => insertCompletionQuery(db, id, seq));
  if (d.status === 'ok') {
    await parents
      .insertInto('had_generation')
      .values(hadGenerationRow(event, seq))
      .onConflict((oc) => oc.columns(['meta_query_id', 'model_id']).doNothing())
      .execute();
  } else {
    await parents
      .insertInto('failed_generation')
      .values(failedGenerationRow(event, seq))
      .onConflict((oc) => oc.columns(['meta_query_id', 'model_id']).doNothing())
      .execute();
  }
}
