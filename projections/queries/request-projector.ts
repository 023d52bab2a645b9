// completion.requested → context, contextual_telemetry, behavioral_telemetry (each only when the request let
// it be stored), meta_query, completion_query and one query_context_file row per context file the model got
// (when store_context allowed it). The 1:1 rows reuse the query id as their own id.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';
import {
  behavioralTelemetryRow,
  contextRow,
  contextualTelemetryRow,
  queryContextFileRows,
  requestMetaQueryRow,
} from './query-rows.js';

export async function projectCompletionRequested(
  trx: Trx,
  event: DomainEvent<'completion.requested'>,
  seq: number,
): Promise<void> {
  const id = required(event.queryId, 'queryId');
  const { context, contextualTelemetry: ct, behavioralTelemetry: bt } = event.data;
  if (context) {
    await trx
      .insertInto('context')
      .values(contextRow(id, context, seq))
      .onConflict((oc) => oc.column('context_id').doNothing())
      .execute();
  }
  if (ct) {
    await trx
      .insertInto('contextual_telemetry')
      .values(contextualTelemetryRow(id, ct, seq))
      .onConflict((oc) => oc.column('contextual_telemetry_id').doNothing())
      .execute();
  }
  if (bt) {
    await trx
      .insertInto('behavioral_telemetry')
      .values(behavioralTelemetryRow(id, bt, seq))
      .onConflict((oc) => oc.column('behavioral_telemetry_id').doNothing())
      .execute();
  }
  await upsertMetaQuery(trx, event, { context: !!context, contextual: !!ct, behavioral: !!bt }, seq);
  await trx
    .insertInto('completion_query')
    .values({ meta_query_id: id, stream_seq: seq })
    .onConflict((oc) => oc.column('meta_query_id').doNothing())
    .execute();
  await insertContextFiles(trx, id, event.data.multiFileContext, seq);
}

async function insertContextFiles(
  trx: Trx,
  queryId: string,
  files: DomainEvent<'completion.requested'>['data']['multiFileContext'],
  seq: number,
): Promise<void> {
  const rows = queryContextFileRows(queryId, files, seq);
  if (rows.length === 0) return;
  await trx
    .insertInto('query_context_file')
    .values(rows)
    .onConflict((oc) => oc.columns(['meta_query_id', 'file_path']).doNothing())
    .execute();
}

async function upsertMetaQuery(
  trx: Trx,
  event: DomainEvent<'completion.requested'>,
  has: { context: boolean; contextual: boolean; behavioral: boolean },
  seq: number,
): Promise<void> {
  const row = requestMetaQueryRow(event, has, seq);
  // total_serving_time belongs to the generations and is left as they set it; stream_seq stays the sequence
  // of the event that created the row (a generation's stub, when it came first); request_seq is this one.
  const { meta_query_id: _id, stream_seq: _created, ...update } = row;
  await trx
    .insertInto('meta_query')
    .values({ ...row, total_serving_time: null })
    .onConflict((oc) => oc.column('meta_query_id').doUpdateSet(update))
    .execute();
}
