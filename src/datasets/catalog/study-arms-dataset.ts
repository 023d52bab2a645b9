// The study-arms dataset: one row per study × arm × user, with the user's completions in the arm (generated,
// shown, accepted) as of the pin: the per-user clusters a study's evaluation resamples (docs/studies.md). A
// completion counts when served under the arm's config while the user was in the arm.
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow, DatasetSchema } from '../formats/index.js';
import { allOf, changedAsOf, createdAsOf, filterConditions } from '../sql/sql-conditions.js';
import { col } from './columns.js';

export const STUDY_ARMS_SCHEMA: DatasetSchema = {
  name: 'study-arms',
  description:
    "Each study's users per arm (the config they were assigned) with their completions in the arm: generated, " +
    'shown and accepted, as of the stream sequence of the download.',
  columns: [
    col.string('study_id', 'not null', 'The study (UUID)'),
    col.string('study_name', 'not null', "The study's name"),
    col.int64('config_id', 'not null', "The arm: the config the user was assigned (config's id)"),
    col.bool('is_default', 'not null', "Whether the arm is the study's default (control) arm"),
    col.string('user_id', 'not null', 'The user (UUID)'),
    col.timestamp('assigned_at', 'not null', 'When the user was assigned the arm (UTC)'),
    col.timestamp(
      'released_at',
      'null',
      'When the arm was released (the study ended; UTC); null while in it',
    ),
    col.int64('generated', 'not null', 'Completions generated for the user under the arm'),
    col.int64('shown', 'not null', 'Of those, shown to the user (in an answer the plugin received)'),
    col.int64('accepted', 'not null', 'Of the shown ones, accepted (the latest feedback as of the pin)'),
  ],
};

export function studyArmsQuery(filters: DatasetFilters, pin: number): RawBuilder<DatasetRow> {
  const released = changedAsOf(sql`a.released_seq`, sql`a.stream_seq`, sql`a.released_at IS NOT NULL`, pin);
  const ended = changedAsOf(sql`sd.end_seq`, sql`sd.stream_seq`, sql`sd.ended_at IS NOT NULL`, pin);
  const shown = changedAsOf(sql`h.shown_seq`, sql`h.stream_seq`, sql`cardinality(h.shown_at) > 0`, pin);
  const requested = changedAsOf(sql`mq.request_seq`, sql`mq.stream_seq`, sql`TRUE`, pin);
  const where = [
    createdAsOf(sql`a.stream_seq`, pin),
    createdAsOf(sql`sd.stream_seq`, pin),
    ...filterConditions(filters, { time: sql`a.assigned_at`, user_id: sql`a.user_id` }),
  ];
  return sql<DatasetRow>`
SELECT a.study_id::text AS study_id, sd.name AS study_name, a.config_id, a.config_id = sd.default_config_id AS is_default,
  a.user_id::text AS user_id, a.assigned_at, CASE WHEN ${released} THEN a.released_at END AS released_at,
  COALESCE(t.generated, 0) AS generated, COALESCE(t.shown, 0) AS shown, COALESCE(t.accepted, 0) AS accepted
FROM study_arm_assignment a
JOIN study_definition sd ON sd.study_id = a.study_id
LEFT JOIN LATERAL (
  SELECT count(*)::bigint AS generated, count(*) FILTER (WHERE g.shown)::bigint AS shown,
    count(*) FILTER (WHERE g.shown AND g.accepted)::bigint AS accepted
  FROM (
    SELECT ${shown} AS shown, COALESCE((
      SELECT f.was_accepted FROM feedback f
      WHERE f.meta_query_id = h.meta_query_id AND f.model_id = h.model_id AND ${createdAsOf(sql`f.stream_seq`, pin)}
      ORDER BY f.stream_seq DESC NULLS LAST, f.received_at DESC LIMIT 1), FALSE) AS accepted
    FROM meta_query mq
    JOIN had_generation h ON h.meta_query_id = mq.meta_query_id AND ${createdAsOf(sql`h.stream_seq`, pin)}
    WHERE mq.user_id = a.user_id AND mq.config_id = a.config_id AND ${requested}
      AND mq.timestamp >= a.assigned_at
      AND mq.timestamp < COALESCE(CASE WHEN ${released} THEN a.released_at END,
        CASE WHEN ${ended} THEN sd.ended_at END, sd.ends_at, 'infinity'::timestamptz)
  ) g
) t ON TRUE
WHERE ${allOf(where)}
ORDER BY a.stream_seq, a.study_id, a.user_id`;
}
