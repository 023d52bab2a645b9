// The completions dataset's SELECT: meta_query in stream order, each with its generations (had_generation by
// primary key), the request's telemetry and context (request-sql.ts), and LATERAL aggregates over the
// primary-key and (meta_query_id, model_id, stream_seq) indexes for what changes later: feedback, ground
// truth, total serving time, each as of the pin. Ordered by the request's stream sequence, then model.
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow } from '../formats/index.js';
import { allOf, changedAsOf, createdAsOf } from '../sql/sql-conditions.js';
import { metaQueriesAsOf, requestColumns, requestJoins, telemetryConditions } from './request-sql.js';

export function completionsQuery(filters: DatasetFilters, pin: number): RawBuilder<DatasetRow> {
  const shown = changedAsOf(sql`h.shown_seq`, sql`h.stream_seq`, sql`cardinality(h.shown_at) > 0`, pin);
  const where = telemetryConditions(filters);
  const model = filters.model_id === undefined ? sql`TRUE` : sql`h.model_id = ${filters.model_id}`;
  return sql<DatasetRow>`
SELECT h.meta_query_id AS query_id, h.model_id, NULL::text AS model_name,
  mq.user_id, mq.session_id, mq.project_id,
  CASE WHEN mq.recorded THEN mq.timestamp END AS requested_at,
  h.stream_seq,
  ${requestColumns},
  h.completion, h.model_revision, h.generation_parameters, h.generation_time, h.serving_time,
  COALESCE(st.total, CASE WHEN mq.stream_seq IS NULL THEN mq.total_serving_time END) AS total_serving_time,
  -- As JSON: JSON.parse reads arrays several times faster than pg's array-text parser.
  h.confidence, to_json(h.logprobs) AS logprobs, to_json(h.tokens) AS tokens,
  h.shown, CASE WHEN h.shown THEN h.shown_at[1] END AS shown_at,
  COALESCE(fb.accepted, FALSE) AS accepted, fb.accepted_at, COALESCE(fb.n, 0) AS feedback_count,
  COALESCE(fb.truths, '[]'::json) AS ground_truths
FROM ${metaQueriesAsOf(pin, filters, false)}
CROSS JOIN LATERAL (
  SELECT h.*, ${shown} AS shown FROM had_generation h
  WHERE h.meta_query_id = mq.meta_query_id AND ${createdAsOf(sql`h.stream_seq`, pin)} AND ${model}
) h
${requestJoins}
LEFT JOIN LATERAL (
  SELECT max(s.serving_time) AS total FROM (
    SELECT h2.serving_time FROM had_generation h2
    WHERE h2.meta_query_id = mq.meta_query_id AND ${createdAsOf(sql`h2.stream_seq`, pin)}
    UNION ALL
    SELECT f2.serving_time FROM failed_generation f2
    WHERE f2.meta_query_id = mq.meta_query_id AND ${createdAsOf(sql`f2.stream_seq`, pin)}
  ) s
) st ON TRUE
LEFT JOIN LATERAL (
  SELECT count(*)::int AS n, (array_agg(f.was_accepted))[count(*)] AS accepted,
    min(f.received_at) FILTER (WHERE f.was_accepted) AS accepted_at,
    json_agg(json_build_object('ground_truth', f.ground_truth, 'truth_timestamp', f.received_at))
      FILTER (WHERE f.ground_truth IS NOT NULL) AS truths
  FROM (
    SELECT f.was_accepted, f.ground_truth, f.received_at FROM feedback f
    WHERE f.meta_query_id = h.meta_query_id AND f.model_id = h.model_id
      AND ${createdAsOf(sql`f.stream_seq`, pin)}
    ORDER BY f.stream_seq NULLS FIRST, f.received_at, f.event_id
  ) f
) fb ON TRUE
WHERE ${allOf(where)}
ORDER BY mq.stream_seq, mq.meta_query_id, h.model_id`;
}
