// The feedback dataset: every feedback call as it came (the acceptance and the ground-truth calls), with the
// request's ids, as of the pin, in stream order.
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow, DatasetSchema } from '../formats/index.js';
import { allOf } from '../sql/sql-conditions.js';
import { queryRowConditions, requestIdsJoin } from './request-sql.js';
import { col, modelColumns, queryIdColumn, requestIdColumns } from './columns.js';

export const FEEDBACK_SCHEMA: DatasetSchema = {
  name: 'feedback',
  description:
    'Every feedback call the plugin made, as it came: the acceptance of a completion and the ground-truth calls ' +
    'that follow it, in stream order, as of the stream sequence of the download.',
  columns: [
    col.string('feedback_id', 'not null', 'The feedback call (the id of its completion.feedback event)'),
    col.int64(
      'stream_seq',
      'null',
      'Stream sequence of its event; null for rows projected before sequences were recorded',
    ),
    queryIdColumn,
    ...modelColumns,
    ...requestIdColumns,
    col.bool('accepted', 'not null', 'The verdict this call sent (the latest call about a completion wins)'),
    col.string(
      'ground_truth',
      'null',
      'The code the user had some time after accepting (15, 45 and 90 s); null on the plain acceptance call',
    ),
    col.timestamp('received_at', 'not null', 'When the server received the call (UTC)'),
  ],
};

export function feedbackQuery(filters: DatasetFilters, pin: number): RawBuilder<DatasetRow> {
  const where = queryRowConditions(filters, pin, {
    seq: sql`f.stream_seq`,
    time: sql`f.received_at`,
    modelId: sql`f.model_id`,
    queryId: sql`f.meta_query_id`,
  });
  return sql<DatasetRow>`
SELECT f.event_id AS feedback_id, f.stream_seq, f.meta_query_id AS query_id, f.model_id, NULL::text AS model_name,
  mq.user_id, mq.session_id, mq.project_id, f.was_accepted AS accepted, f.ground_truth, f.received_at
FROM (
  SELECT * FROM feedback f WHERE ${allOf(where)}
  ORDER BY f.stream_seq, f.event_id OFFSET 0
) f
${requestIdsJoin(sql`f.meta_query_id`)}
ORDER BY f.stream_seq, f.event_id`;
}
