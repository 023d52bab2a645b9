// The queries dataset's SELECT: meta_query rows whose request is in as of the pin, in stream order, with the
// request's telemetry and context (request-sql.ts) and LATERAL aggregates of its generations and failures.
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow } from '../formats/index.js';
import { allOf, changedAsOf, createdAsOf } from '../sql/sql-conditions.js';
import { metaQueriesAsOf, requestColumns, requestJoins, telemetryConditions } from './request-sql.js';

export function queriesQuery(filters: DatasetFilters, pin: number): RawBuilder<DatasetRow> {
  const shown = changedAsOf(sql`h.shown_seq`, sql`h.stream_seq`, sql`cardinality(h.shown_at) > 0`, pin);
  const where = telemetryConditions(filters);
  return sql<DatasetRow>`
SELECT mq.meta_query_id AS query_id, mq.user_id, mq.session_id, mq.project_id,
  mq.timestamp AS requested_at, mq.request_seq AS stream_seq, mq.query_type,
  ${requestColumns},
  COALESCE(GREATEST(g.total, fg.total), CASE WHEN mq.stream_seq IS NULL THEN mq.total_serving_time END)
    AS total_serving_time,
  g.n AS generation_count, COALESCE(g.shown, FALSE) AS shown,
  COALESCE(fg.list, '[]'::json) AS failed_generations
FROM ${metaQueriesAsOf(pin, filters, true)}
${requestJoins}
CROSS JOIN LATERAL (
  SELECT count(*)::int AS n, max(h.serving_time) AS total, bool_or(${shown}) AS shown
  FROM had_generation h
  WHERE h.meta_query_id = mq.meta_query_id AND ${createdAsOf(sql`h.stream_seq`, pin)}
) g
LEFT JOIN LATERAL (
  SELECT max(f.serving_time) AS total,
    json_agg(json_build_object('model_id', f.model_id, 'error_code', f.error_code,
      'error_message', f.error_message, 'generation_time', f.generation_time,
      'serving_time', f.serving_time, 'failed_at', f.failed_at)) AS list
  FROM (
    SELECT * FROM failed_generation f
    WHERE f.meta_query_id = mq.meta_query_id AND ${createdAsOf(sql`f.stream_seq`, pin)}
    ORDER BY f.model_id
  ) f
) fg ON TRUE
WHERE ${allOf(where)}
ORDER BY mq.stream_seq, mq.meta_query_id`;
}
