// The SQL the completions and queries datasets share: a request's telemetry, context, context files and
// lookup ids (their names are added in JavaScript: lookup-names.ts), joined by LATERAL lookups on primary keys. OFFSET 0 keeps each one a parameterized nested
// loop, which keeps the driving rows' order: no sort or hash of wide rows, memory flat, first rows at once. They read `mq`, a meta_query row with `recorded`: whether its request's
// own columns are in as of the pin (a generation may reach the read model before its request).
import { sql, type RawBuilder } from 'kysely';
import { pickFilters, type DatasetFilters } from '../dataset-filters.js';
import { allOf, changedAsOf, createdAsOf, filterConditions } from '../sql/sql-conditions.js';

type Sql = RawBuilder<unknown>;

/**
 * meta_query as of `pin`, in stream order, each row with `recorded`, selected by the filters on its own
 * columns (from, to, user_id, project_id: inside, so an index on them can serve a narrow download).
 */
export function metaQueriesAsOf(pin: number, filters: DatasetFilters, onlyRecorded: boolean): Sql {
  const recorded = changedAsOf(sql`mq.request_seq`, sql`mq.stream_seq`, sql`TRUE`, pin);
  const own = pickFilters(filters, ['from', 'to', 'user_id', 'project_id']);
  const where = [
    onlyRecorded || own.from || own.to ? recorded : createdAsOf(sql`mq.stream_seq`, pin),
    ...filterConditions(own, {
      time: sql`mq.timestamp`,
      user_id: sql`mq.user_id`,
      project_id: sql`mq.project_id`,
    }),
  ];
  // OFFSET 0 keeps this ordered subquery as it is: the joins around it follow its order.
  return sql`(
  SELECT mq.*, ${recorded} AS recorded FROM meta_query mq
  WHERE ${allOf(where)} ORDER BY mq.stream_seq, mq.meta_query_id OFFSET 0
) mq`;
}

/** The request's columns (the shared telemetry and context columns of catalog/columns.ts, names aside). */
export const requestColumns: Sql = sql`
  CASE WHEN mq.recorded THEN mq.config_id END AS config_id,
  CASE WHEN mq.recorded THEN mq.server_version_id END AS server_version_id,
  pv.id AS plugin_version_id, NULL::text AS plugin_version, ct.language_id, NULL::text AS language,
  ct.trigger_type_id, NULL::text AS trigger_type,
  ct.file_path, ct.caret_line, ct.document_char_length, ct.relative_document_position,
  bt.time_since_last_shown, bt.time_since_last_accepted, bt.typing_speed,
  cx.prefix, cx.suffix, cx.file_name, cx.selected_text,
  COALESCE(cf.files, '[]'::json) AS context_files,
  CASE WHEN mq.recorded THEN mq.multi_file_context_changes_indexes ELSE '{}'::jsonb END
    AS multi_file_context_changes_indexes`;

/** LEFT JOIN LATERAL lookups: ct, bt, cx (the 1:1 rows), pv (the plugin version's id), cf (context files). */
export const requestJoins: Sql = sql`
LEFT JOIN LATERAL (
  SELECT ct.* FROM contextual_telemetry ct
  WHERE ct.contextual_telemetry_id = mq.contextual_telemetry_id AND mq.recorded OFFSET 0
) ct ON TRUE
LEFT JOIN LATERAL (
  SELECT bt.* FROM behavioral_telemetry bt
  WHERE bt.behavioral_telemetry_id = mq.behavioral_telemetry_id AND mq.recorded OFFSET 0
) bt ON TRUE
LEFT JOIN LATERAL (
  SELECT cx.* FROM context cx WHERE cx.context_id = mq.context_id AND mq.recorded OFFSET 0
) cx ON TRUE
CROSS JOIN LATERAL (
  SELECT CASE WHEN mq.recorded THEN COALESCE(mq.plugin_version_id, ct.version_id) END AS id
) pv
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object('file_path', q.file_path, 'change_count', q.change_count,
    'lines', q.lines, 'omitted', q.omitted)) AS files
  FROM (
    SELECT * FROM query_context_file q WHERE q.meta_query_id = mq.meta_query_id AND mq.recorded
    ORDER BY q.file_path
  ) q
) cf ON TRUE`;

/**
 * The ids of the queries the user, project, language and trigger filters select, as of `pin` (for datasets of
 * rows about a query: feedback, ground truth); null when none of those filters is given.
 */
export function selectedQueryIds(filters: DatasetFilters, pin: number): Sql | null {
  const own = pickFilters(filters, ['user_id', 'project_id']);
  const telemetry = telemetryConditions(filters);
  if (Object.keys(own).length === 0 && telemetry.length === 0) return null;
  const recorded = changedAsOf(sql`mq.request_seq`, sql`mq.stream_seq`, sql`TRUE`, pin);
  const joinTelemetry =
    telemetry.length === 0
      ? sql``
      : sql`JOIN contextual_telemetry ct
    ON ct.contextual_telemetry_id = mq.contextual_telemetry_id AND ${recorded}`;
  const where = [
    ...filterConditions(own, { user_id: sql`mq.user_id`, project_id: sql`mq.project_id` }),
    ...telemetry,
  ];
  return sql`(SELECT mq.meta_query_id FROM meta_query mq ${joinTelemetry} WHERE ${allOf(where)})`;
}

/** The columns of a row about a query (a feedback call, a ground-truth snapshot) that the filters read. */
export interface QueryRowColumns {
  seq: Sql;
  time: Sql;
  modelId: Sql;
  queryId: Sql;
}

/**
 * The conditions on rows about a query: recorded as of `pin`, within from/to and of the model on their own
 * columns, and about a query the other filters select (selectedQueryIds).
 */
export function queryRowConditions(filters: DatasetFilters, pin: number, row: QueryRowColumns): Sql[] {
  const queries = selectedQueryIds(filters, pin);
  return [
    createdAsOf(row.seq, pin),
    ...filterConditions(pickFilters(filters, ['from', 'to', 'model_id']), {
      time: row.time,
      model_id: row.modelId,
    }),
    ...(queries ? [sql`${row.queryId} IN ${queries}`] : []),
  ];
}

/** CROSS JOIN LATERAL `mq`: the user, session and project of the request `queryId` names (a primary-key lookup). */
export function requestIdsJoin(queryId: Sql): Sql {
  return sql`CROSS JOIN LATERAL (
  SELECT mq.user_id, mq.session_id, mq.project_id FROM meta_query mq
  WHERE mq.meta_query_id = ${queryId} OFFSET 0
) mq`;
}

/** The filters on the request's telemetry, applied to the joined `ct` (metaQueriesAsOf applies the others). */
export function telemetryConditions(filters: DatasetFilters): Sql[] {
  return filterConditions(pickFilters(filters, ['language_id', 'trigger_type_id']), {
    language_id: sql`ct.language_id`,
    trigger_type_id: sql`ct.trigger_type_id`,
  });
}
