// The queries read model folded in memory for a rebuild into empty tables, applying the projectors' rules to
// one record per query: a request writes meta_query in full (keeping total_serving_time), a generation
// before its request writes a stub, total_serving_time is the slowest model, the 1:1 and per-model rows keep
// the first write (ON CONFLICT DO NOTHING), was_accepted is the latest feedback's, ground truth is unique on
// (query, instant, model), completion.shown rewrites the shown_at of the generations already there, feedback
// for a query with no row is dead-lettered (the foreign key PostgreSQL would refuse), and an erasure drops the
// user's queries with what hangs off them (query_context_file too). Ids compare lowercased.
import type { DomainEvent } from '../../events/index.js';
import { copyFields, copyLine, copyTimes } from '../bulk/copy-text.js';
import { missingParentReason, rejectionReason } from '../bulk/fold-reasons.js';
import { instantKey } from '../bulk/instant-key.js';
import { textKey } from '../bulk/text-key.js';
import { required, type BulkFold } from '../runner/read-model.js';
import {
  findPair,
  POINTS_AT_BEHAVIORAL,
  POINTS_AT_CONTEXT,
  POINTS_AT_CONTEXTUAL,
  pushPair,
  QueryRecords,
  setPair,
  type QueryRecord,
} from './bulk-query-records.js';
import {
  BEHAVIORAL_COLUMNS,
  CONTEXT_COLUMNS,
  CONTEXTUAL_COLUMNS,
  FAILED_GENERATION_COLUMNS,
  FEEDBACK_COLUMNS,
  GROUND_TRUTH_COLUMNS,
  HAD_GENERATION_COLUMNS,
  META_OWNER_COLUMNS,
  META_REST_COLUMNS,
  QUERY_CONTEXT_FILE_COLUMNS,
  QueryRowBuffers,
  SHOWN_AT_FIELD,
  SHOWN_SEQ_FIELD,
  writeQueryTables,
} from './bulk-query-tables.js';
import {
  behavioralTelemetryRow,
  contextRow,
  contextualTelemetryRow,
  failedGenerationRow,
  feedbackRow,
  groundTruthRow,
  hadGenerationRow,
  queryContextFileRows,
  requestMetaQueryRow,
  stubMetaQueryRow,
  type MetaQueryRow,
} from './query-rows.js';

const FEEDBACK_FK = {
  table: 'feedback',
  constraint: 'feedback_meta_query_id_fkey',
  column: 'meta_query_id',
  parent: 'meta_query',
};
const GROUND_TRUTH_FK = {
  table: 'ground_truth',
  constraint: 'ground_truth_completion_query_id_fkey',
  column: 'completion_query_id',
  parent: 'completion_query',
};

export function createQueriesBulkFold(): BulkFold {
  const rows = new QueryRowBuffers();
  const records = new QueryRecords(rows);

  const setMeta = (q: QueryRecord, meta: MetaQueryRow, seq: number): void => {
    const pointers =
      (meta.context_id !== null ? POINTS_AT_CONTEXT : 0) |
      (meta.contextual_telemetry_id !== null ? POINTS_AT_CONTEXTUAL : 0) |
      (meta.behavioral_telemetry_id !== null ? POINTS_AT_BEHAVIORAL : 0);
    const owner = copyFields(META_OWNER_COLUMNS, meta);
    records.setMeta(q, owner, copyFields(META_REST_COLUMNS, meta), meta.user_id, pointers, seq);
  };

  const requested = (e: DomainEvent<'completion.requested'>, seq: number): null => {
    const id = required(e.queryId, 'queryId');
    const { context, contextualTelemetry: ct, behavioralTelemetry: bt } = e.data;
    const meta = requestMetaQueryRow(e, { context: !!context, contextual: !!ct, behavioral: !!bt }, seq);
    const q = records.getOrCreate(id);
    if (context && q.context < 0)
      q.context = rows.context.add(copyLine(CONTEXT_COLUMNS, contextRow(id, context, seq)));
    if (ct && q.contextual < 0)
      q.contextual = rows.contextual.add(copyLine(CONTEXTUAL_COLUMNS, contextualTelemetryRow(id, ct, seq)));
    if (bt && q.behavioral < 0)
      q.behavioral = rows.behavioral.add(copyLine(BEHAVIORAL_COLUMNS, behavioralTelemetryRow(id, bt, seq)));
    setMeta(q, meta, seq);
    for (const file of queryContextFileRows(id, e.data.multiFileContext, seq)) {
      const key = textKey(file.file_path);
      if (findPair(q.files, key) >= 0) continue;
      q.files = pushPair(q.files, key, rows.contextFile.add(copyLine(QUERY_CONTEXT_FILE_COLUMNS, file)));
    }
    return null;
  };

  const generated = (e: DomainEvent<'completion.generated'>, seq: number): null => {
    const stub = stubMetaQueryRow(e, seq);
    const shown = e.data.status === 'ok' ? hadGenerationRow(e, seq) : null;
    const failed = shown ? null : failedGenerationRow(e, seq);
    const q = records.getOrCreate(stub.meta_query_id);
    if (q.meta === null) {
      setMeta(q, stub, seq);
      q.total = stub.total_serving_time;
    } else {
      q.total = q.total === null ? stub.total_serving_time : Math.max(q.total, stub.total_serving_time);
    }
    if (shown && findPair(q.generations, shown.model_id) < 0) {
      const row = rows.hadGeneration.add(copyLine(HAD_GENERATION_COLUMNS, shown));
      q.generations = pushPair(q.generations, shown.model_id, row);
    }
    if (failed && findPair(q.failures, failed.model_id) < 0) {
      const row = rows.failedGeneration.add(copyLine(FAILED_GENERATION_COLUMNS, failed));
      q.failures = pushPair(q.failures, failed.model_id, row);
    }
    return null;
  };

  const shown = (e: DomainEvent<'completion.shown'>, seq: number): null => {
    const q = records.get(required(e.queryId, 'queryId'));
    if (!q) return null;
    const shownAt = copyTimes([e.data.shownAt]);
    const withShownAt = (line: string): string => {
      const fields = line.slice(0, -1).split('\t'); // tabs inside values are escaped
      fields[SHOWN_AT_FIELD] = shownAt;
      fields[SHOWN_SEQ_FIELD] = String(seq);
      return fields.join('\t') + '\n';
    };
    for (const modelId of e.data.modelIds) {
      const row = findPair(q.generations, modelId);
      if (row >= 0) setPair(q.generations, modelId, rows.hadGeneration.replace(row, withShownAt));
    }
    return null;
  };

  const feedback = (e: DomainEvent<'completion.feedback'>, seq: number): string | null => {
    const fb = feedbackRow(e, seq);
    const truth = groundTruthRow(e, seq);
    const q = records.get(fb.meta_query_id);
    const eventKey = fb.event_id.toLowerCase();
    const duplicate = records.hasFeedback(eventKey);
    if (!q || q.meta === null) {
      // The statement fails on the first row it inserts whose parent is missing; a repeated event inserts none.
      if (!duplicate)
        return missingParentReason(
          FEEDBACK_FK,
          fb.meta_query_id,
          'feedback for a query this read model never saw',
        );
      if (truth)
        return missingParentReason(
          GROUND_TRUTH_FK,
          fb.meta_query_id,
          'ground truth for a query this read model never saw',
        );
      return null;
    }
    if (!duplicate) records.addFeedback(q, eventKey, rows.feedback.add(copyLine(FEEDBACK_COLUMNS, fb)));
    if (truth) {
      const key = `${instantKey(truth.truth_timestamp)}/${truth.model_id}`;
      if (findPair(q.truths, key) < 0)
        q.truths = pushPair(q.truths, key, rows.groundTruth.add(copyLine(GROUND_TRUTH_COLUMNS, truth)));
    }
    const generation = findPair(q.generations, fb.model_id);
    if (generation >= 0) rows.hadGeneration.patchLast(generation, fb.was_accepted ? 't' : 'f');
    return null;
  };

  const erased = (e: DomainEvent<'user.erased'>): null => {
    if (e.data.deleteData) records.eraseUser(required(e.userId, 'userId'));
    return null;
  };

  return {
    add(event, seq) {
      try {
        switch (event.type) {
          case 'completion.requested':
            return requested(event as DomainEvent<'completion.requested'>, seq);
          case 'completion.generated':
            return generated(event as DomainEvent<'completion.generated'>, seq);
          case 'completion.shown':
            return shown(event as DomainEvent<'completion.shown'>, seq);
          case 'completion.feedback':
            return feedback(event as DomainEvent<'completion.feedback'>, seq);
          case 'user.erased':
            return erased(event as DomainEvent<'user.erased'>);
          default:
            return null;
        }
      } catch (err) {
        return rejectionReason(err);
      }
    },
    write: (client) => writeQueryTables(client, rows, records.metaLines(), records.completionLines()),
  };
}
