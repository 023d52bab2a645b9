// The context-changes dataset: the multi-file context change log (context_change), one row per file per
// update, as of the pin, in stream order.
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow, DatasetSchema } from '../formats/index.js';
import { allOf, createdAsOf, filterConditions } from '../sql/sql-conditions.js';
import { col, requestIdColumns } from './columns.js';

export const CONTEXT_CHANGES_SCHEMA: DatasetSchema = {
  name: 'context-changes',
  description:
    "The multi-file context change log: one row per file per context update the plugin sent, with the file's " +
    'changes where the user let them be kept, in stream order, as of the stream sequence of the download. A ' +
    "completion's multi_file_context_changes_indexes says how many of a file's entries it saw.",
  columns: [
    col.string('update_id', 'not null', 'The update (the id of its context.updated event)'),
    col.int64(
      'stream_seq',
      'null',
      'Stream sequence of that event; null for rows projected before sequences were recorded',
    ),
    ...requestIdColumns,
    col.string('file_path', 'not null', 'The file (path relative to the project)'),
    col.json(
      'changes',
      'null',
      "The file's changes in this update, in the order sent: [{change_type, start_line, end_line, new_lines}] (0-based lines, end exclusive, secrets redacted); null when not kept",
    ),
    col.string(
      'changes_omitted',
      'null',
      'Why changes is null: not_stored (store_context was off) or event_size_limit (too large to record)',
    ),
    col.bool('stored', 'not null', "Whether this row holds the file's changes"),
    col.int32('line_count', 'not null', 'Lines of the file after the update'),
    col.int32('change_count', 'not null', "Length of the file's change log after the update"),
    col.timestamp('updated_at', 'not null', 'When the server applied the update (UTC)'),
  ],
};

export function contextChangesQuery(filters: DatasetFilters, pin: number): RawBuilder<DatasetRow> {
  const where = [
    createdAsOf(sql`c.stream_seq`, pin),
    ...filterConditions(filters, {
      time: sql`c.updated_at`,
      user_id: sql`c.user_id`,
      project_id: sql`c.project_id`,
    }),
  ];
  return sql<DatasetRow>`
SELECT c.event_id AS update_id, c.stream_seq, c.user_id, c.session_id, c.project_id, c.file_path, c.changes,
  c.changes_omitted, c.stored, c.line_count, c.change_count, c.updated_at
FROM context_change c
WHERE ${allOf(where)}
ORDER BY c.stream_seq, c.event_id, c.file_path`;
}
