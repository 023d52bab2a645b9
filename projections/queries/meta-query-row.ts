// The parent rows every generation needs, as data-modifying CTEs of the generation's own statement (one
// round trip). completion.requested writes meta_query in full; a generation that reaches the stream before
// its request (both are appended side by side) writes a stub that the request then completes, so the read
// model does not depend on the order of one request's appends. The stub also carries the slowest serving time.
import { sql, type QueryCreator } from 'kysely';
import type { DomainEvent } from '../../events/index.js';
import type { Database } from '../../src/platform/db-schema.js';
import { stubMetaQueryRow } from './query-rows.js';

export function upsertMetaQueryStub(
  db: QueryCreator<Database>,
  event: DomainEvent<'completion.generated'>,
  seq: number,
) {
  return db
    .insertInto('meta_query')
    .values(stubMetaQueryRow(event, seq))
    .onConflict((oc) =>
      oc.column('meta_query_id').doUpdateSet({
        total_serving_time: sql<number>`GREATEST(meta_query.total_serving_time, excluded.total_serving_time)`,
      }),
    )
    .returning('meta_query_id');
}

export function insertCompletionQuery(db: QueryCreator<Database>, queryId: string, seq: number) {
  return db
    .insertInto('completion_query')
    .values({ meta_query_id: queryId, stream_seq: seq })
    .onConflict((oc) => oc.column('meta_query_id').doNothing())
    .returning('meta_query_id');
}
