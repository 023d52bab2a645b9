// completion.requested → context, contextual_telemetry, behavioral_telemetry (each only when the request let
// it be stored), meta_query, completion_query and one query_context_file row per context file the model got
// (when store_context allowed it). The 1:1 rows reuse the query id as their own id.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';

export async function projectCompletionRequested(
  trx: Trx,
  event: DomainEvent<'completion.requested'>,
): Promise<void> {
  const id = required(event.queryId, 'queryId');
  const { context, contextualTelemetry: ct, behavioralTelemetry: bt } = event.data;
  if (context) {
    await trx
      .insertInto('context')
      .values({
        context_id: id,
        prefix: context.prefix,
        suffix: context.suffix,
        file_name: context.fileName,
        selected_text: context.selectedText,
      })
      .onConflict((oc) => oc.column('context_id').doNothing())
      .execute();
  }
  if (ct) {
    await trx
      .insertInto('contextual_telemetry')
      .values({
        contextual_telemetry_id: id,
        version_id: ct.versionId,
        trigger_type_id: ct.triggerTypeId,
        language_id: ct.languageId,
        file_path: ct.filePath,
        caret_line: ct.caretLine,
        document_char_length: ct.documentCharLength,
        relative_document_position: ct.relativeDocumentPosition,
      })
      .onConflict((oc) => oc.column('contextual_telemetry_id').doNothing())
      .execute();
  }
  if (bt) {
    await trx
      .insertInto('behavioral_telemetry')
      .values({
        behavioral_telemetry_id: id,
        time_since_last_shown: bt.timeSinceLastShown,
        time_since_last_accepted: bt.timeSinceLastAccepted,
        typing_speed: bt.typingSpeed,
      })
      .onConflict((oc) => oc.column('behavioral_telemetry_id').doNothing())
      .execute();
  }
  await upsertMetaQuery(trx, event, { context: !!context, contextual: !!ct, behavioral: !!bt });
  await trx
    .insertInto('completion_query')
    .values({ meta_query_id: id })
    .onConflict((oc) => oc.column('meta_query_id').doNothing())
    .execute();
  await insertContextFiles(trx, id, event.data.multiFileContext);
}

async function insertContextFiles(
  trx: Trx,
  queryId: string,
  files: DomainEvent<'completion.requested'>['data']['multiFileContext'],
): Promise<void> {
  const rows = Object.entries(files ?? {}).map(([path, f]) => ({
    meta_query_id: queryId,
    file_path: path,
    change_count: f.changeCount,
    lines: f.lines === null ? null : JSON.stringify(f.lines),
    omitted: f.omitted,
  }));
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
): Promise<void> {
  const id = required(event.queryId, 'queryId');
  const row = {
    meta_query_id: id,
    user_id: event.userId,
    contextual_telemetry_id: has.contextual ? id : null,
    behavioral_telemetry_id: has.behavioral ? id : null,
    context_id: has.context ? id : null,
    session_id: required(event.sessionId, 'sessionId'),
    project_id: required(event.projectId, 'projectId'),
    multi_file_context_changes_indexes: JSON.stringify(event.data.multiFileContextChangesIndexes),
    timestamp: event.data.requestedAt,
    server_version_id: event.data.serverVersionId,
    query_type: 'completion' as const,
    config_id: event.data.configId,
    plugin_version_id: event.data.pluginVersionId,
  };
  // total_serving_time belongs to the generations and is left as they set it.
  const { meta_query_id: _id, ...update } = row;
  await trx
    .insertInto('meta_query')
    .values({ ...row, total_serving_time: null })
    .onConflict((oc) => oc.column('meta_query_id').doUpdateSet(update))
    .execute();
}
