// The sessions dataset: login sessions (session) with the projects activated in them (session_projects), and
// whether they had ended, as of the pin, in stream order.
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow, DatasetSchema } from '../formats/index.js';
import { allOf, changedAsOf, createdAsOf, filterConditions } from '../sql/sql-conditions.js';
import { col, userIdColumn } from './columns.js';

export const SESSIONS_SCHEMA: DatasetSchema = {
  name: 'sessions',
  description:
    "Login sessions (by id; the plugin's session_token is a separate secret no dataset holds): when each started and ended and the projects activated in it, " +
    'as of the stream sequence of the download.',
  columns: [
    col.string('session_id', 'not null', 'The session (UUID)'),
    userIdColumn,
    col.int64(
      'stream_seq',
      'null',
      'Stream sequence of the first event about it; null for rows projected before sequences were recorded',
    ),
    col.timestamp(
      'start_time',
      'null',
      'When the session was created (UTC); null when its session.started is not in as of the pin',
    ),
    col.timestamp(
      'end_time',
      'null',
      'When it was deactivated, expired or its user deleted (UTC); null while open as of the pin',
    ),
    col.bool('ended', 'not null', 'Whether it had ended as of the pin'),
    col.list(
      'project_ids',
      'string',
      'not null',
      'The projects activated in it (UUIDs), in the order they were first activated',
    ),
  ],
};

export function sessionsQuery(filters: DatasetFilters, pin: number): RawBuilder<DatasetRow> {
  const started = changedAsOf(sql`s.start_seq`, sql`s.stream_seq`, sql`TRUE`, pin);
  const ended = changedAsOf(sql`s.end_seq`, sql`s.stream_seq`, sql`s.end_time IS NOT NULL`, pin);
  const projectsAsOf = createdAsOf(sql`sp.stream_seq`, pin);
  const where = [
    createdAsOf(sql`s.stream_seq`, pin),
    // project_id is a condition on session_projects (below).
    ...filterConditions(
      { ...filters, project_id: undefined },
      {
        time: sql`(CASE WHEN ${started} THEN s.start_time END)`,
        user_id: sql`s.user_id`,
      },
    ),
  ];
  if (filters.project_id !== undefined) {
    where.push(sql`EXISTS (SELECT 1 FROM session_projects sp
      WHERE sp.session_id = s.session_id AND sp.project_id = ${filters.project_id} AND ${projectsAsOf})`);
  }
  return sql<DatasetRow>`
SELECT s.session_id, s.user_id, s.stream_seq,
  CASE WHEN ${started} THEN s.start_time END AS start_time,
  CASE WHEN ${ended} THEN s.end_time END AS end_time,
  ${ended} AS ended,
  COALESCE(p.ids, ARRAY[]::text[]) AS project_ids
FROM session s
LEFT JOIN LATERAL (
  SELECT array_agg(sp.project_id::text ORDER BY sp.stream_seq, sp.project_id) AS ids
  FROM session_projects sp WHERE sp.session_id = s.session_id AND ${projectsAsOf}
) p ON TRUE
WHERE ${allOf(where)}
ORDER BY s.stream_seq, s.session_id`;
}
