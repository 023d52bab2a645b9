// The ground-truth dataset: the Python server's ground_truth table as of the pin (one row per ground-truth
// call: the code the user had some time after accepting), by query, model and time.
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow, DatasetSchema } from '../formats/index.js';
import { allOf, changedAsOf, createdAsOf, filterConditions } from '../sql/sql-conditions.js';
import {
  col,
  modelColumns,
  projectIdColumn,
  queryIdColumn,
  sessionIdColumn,
  userIdColumn,
} from './columns.js';

export const GROUND_TRUTH_SCHEMA: DatasetSchema = {
  name: 'ground-truth',
  description:
    'The ground-truth snapshots the plugin sent after a completion was accepted (typically 15, 45 and 90 s after ' +
    'insertion: the inserted range and up to 32 characters either side), ordered by query, model and time, as of ' +
    'the stream sequence of the download.',
  columns: [
    queryIdColumn,
    ...modelColumns,
    userIdColumn,
    sessionIdColumn,
    projectIdColumn,
    col.string('ground_truth', 'not null', 'The code the user had at that time'),
    col.timestamp('truth_timestamp', 'not null', 'When the server received it (UTC)'),
    col.int64(
      'stream_seq',
      'null',
      'Stream sequence of its completion.feedback event; null for rows projected before sequences were recorded',
    ),
  ],
};

export function groundTruthQuery(filters: DatasetFilters, pin: number): RawBuilder<DatasetRow> {
  const recorded = changedAsOf(sql`mq.request_seq`, sql`mq.stream_seq`, sql`TRUE`, pin);
  const where = filterConditions(filters, {
    time: sql`g.truth_timestamp`,
    model_id: sql`g.model_id`,
    user_id: sql`mq.user_id`,
    project_id: sql`mq.project_id`,
    language_id: sql`ct.language_id`,
    trigger_type_id: sql`ct.trigger_type_id`,
  });
  const telemetry =
    filters.language_id === undefined && filters.trigger_type_id === undefined
      ? sql``
      : sql`LEFT JOIN contextual_telemetry ct
  ON ct.contextual_telemetry_id = mq.contextual_telemetry_id AND ${recorded}`;
  return sql<DatasetRow>`
SELECT g.completion_query_id AS query_id, g.model_id, mq.user_id, mq.session_id, mq.project_id,
  g.ground_truth, g.truth_timestamp, g.stream_seq
FROM (
  SELECT * FROM ground_truth g WHERE ${createdAsOf(sql`g.stream_seq`, pin)}
  ORDER BY g.completion_query_id, g.model_id, g.truth_timestamp OFFSET 0
) g
CROSS JOIN LATERAL (SELECT * FROM meta_query mq WHERE mq.meta_query_id = g.completion_query_id OFFSET 0) mq
${telemetry}
WHERE ${allOf(where)}
ORDER BY g.completion_query_id, g.model_id, g.truth_timestamp`;
}
