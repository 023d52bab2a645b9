// The queries dataset's columns: one row per completion request (meta_query) with its telemetry, context,
// how many of its models answered and which failed, as of the pin.
import type { DatasetSchema } from '../formats/index.js';
import { col, queryIdColumn, requestColumnSpecs, requestIdColumns } from './columns.js';

export const QUERIES_SCHEMA: DatasetSchema = {
  name: 'queries',
  description:
    'One row per completion request (meta_query) with its telemetry and context where the user let them be kept, ' +
    'how many models produced a completion, and the models that failed, as of the stream sequence of the download.',
  columns: [
    queryIdColumn,
    ...requestIdColumns,
    col.timestamp('requested_at', 'not null', 'When the request reached the server (UTC)'),
    col.int64(
      'stream_seq',
      'null',
      'Stream sequence of the completion.requested event; null for rows projected before sequences were recorded (a rebuild fills it)',
    ),
    col.dictionary('query_type', 'not null', 'completion (chat turns are in the chats dataset)'),
    ...requestColumnSpecs,
    col.int32(
      'total_serving_time',
      'null',
      "Milliseconds from the request's arrival until the slowest of its models answered or failed; null before any did",
    ),
    col.int32(
      'generation_count',
      'not null',
      'How many models produced a completion (rows of the completions dataset)',
    ),
    col.bool('shown', 'not null', 'Whether the plugin was handed its completions'),
    col.structList(
      'failed_generations',
      [
        col.int32('model_id', 'not null', 'The model'),
        col.string('error_code', 'not null', 'deadline_exceeded, model_unavailable or model_failed'),
        col.string('error_message', 'not null', 'Why, in words'),
        col.int32('generation_time', 'not null', 'Milliseconds spent before the failure'),
        col.int32(
          'serving_time',
          'null',
          "Milliseconds from the request's arrival until the failure was known",
        ),
        col.timestamp('failed_at', 'not null', 'When the failure was recorded (UTC)'),
      ],
      'not null',
      'The models that failed or missed the deadline (never shown to the plugin), by model id',
    ),
  ],
};
