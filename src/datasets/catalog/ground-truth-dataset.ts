// The ground-truth dataset: the Python server's ground_truth table as of the pin (one row per ground-truth
// call: the code the user had some time after accepting), by query, model and time.
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow, DatasetSchema } from '../formats/index.js';
import { allOf } from '../sql/sql-conditions.js';
import { queryRowConditions, requestIdsJoin } from './request-sql.js';
import { col, modelColumns, queryIdColumn, requestIdColumns } from './columns.js';

export const GROUND_TRUTH_SCHEMA: DatasetSchema = {
  name: 'ground-truth',
  description:
    'The ground-truth snapshots the plugin sent after a completion was accepted (typically 15, 45 and 90 s after ' +
    'insertion: the inserted range and up to 32 characters either side), ordered by query, model and time, as of ' +
    'the stream sequence of the download.',
  columns: [
    queryIdColumn,
    ...modelColumns,
    ...requestIdColumns,
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
  const where = queryRowConditions(filters, pin, {
    seq: sql`g.stream_seq`,
    time: sql`g.truth_timestamp`,
    modelId: sql`g.model_id`,
    queryId: sql`g.completion_query_id`,
  });
  return sql<DatasetRow>`
SELECT g.completion_query_id AS query_id, g.model_id, NULL::text AS model_name, mq.user_id, mq.session_id, mq.project_id,
  g.ground_truth, g.truth_timestamp, g.stream_seq
FROM (
  SELECT * FROM ground_truth g WHERE ${allOf(where)}
  ORDER BY g.completion_query_id, g.model_id, g.truth_timestamp OFFSET 0
) g
${requestIdsJoin(sql`g.completion_query_id`)}
ORDER BY g.completion_query_id, g.model_id, g.truth_timestamp`;
}
