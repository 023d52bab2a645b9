// The completions dataset's columns: one row per model that produced a completion (had_generation), with its
// request, telemetry and context, and what the plugin and the user did with it as of the pin.
import type { DatasetSchema } from '../formats/index.js';
import { col, modelColumns, queryIdColumn, requestColumnSpecs, requestIdColumns } from './columns.js';

export const COMPLETIONS_SCHEMA: DatasetSchema = {
  name: 'completions',
  description:
    'One row per completion a model produced for a request (had_generation), with the request, its telemetry and ' +
    'context where the user let them be kept, the generation, and whether it was shown and accepted and its ' +
    'ground-truth snapshots as of the stream sequence of the download (X-Stream-Sequence).',
  columns: [
    queryIdColumn,
    ...modelColumns,
    ...requestIdColumns,
    col.timestamp(
      'requested_at',
      'null',
      'When the request reached the server (UTC); null when the request itself is not in the data as of the pin (rare: its record failed)',
    ),
    col.int64(
      'stream_seq',
      'null',
      'Stream sequence of the completion.generated event of this row; null for rows projected before sequences were recorded (a rebuild fills it)',
    ),
    ...requestColumnSpecs,
    col.string('completion', 'not null', 'The completion as the model produced it (after stop sequences)'),
    col.string(
      'model_revision',
      'null',
      'Which weights answered (a pinned revision or a checksum); null when unknown',
    ),
    col.json(
      'generation_parameters',
      'null',
      '{maxNewTokens, temperature, topP, stop, deadlineMs} the model generated with',
    ),
    col.int32('generation_time', 'not null', 'Milliseconds the model spent generating'),
    col.int32(
      'serving_time',
      'null',
      "Milliseconds from the request's arrival until this model's answer was ready",
    ),
    col.int32(
      'total_serving_time',
      'null',
      "Milliseconds from the request's arrival until the slowest of its models answered or failed, as of the pin",
    ),
    col.float64(
      'confidence',
      'null',
      'Mean probability of the generated tokens, before sampling adjustments (0 to 1); null when the model reported none',
    ),
    col.list(
      'logprobs',
      'float64',
      'not null',
      'Natural-log probability of each generated token; null items where not finite',
    ),
    col.list(
      'tokens',
      'string',
      'null',
      "Each generated token's text, beside logprobs; null when not recorded",
    ),
    col.bool('shown', 'not null', 'Whether the plugin was handed this completion, as of the pin'),
    col.timestamp(
      'shown_at',
      'null',
      'When the server handed it to the plugin (UTC); null when not shown as of the pin',
    ),
    col.bool(
      'accepted',
      'not null',
      "The latest feedback call's verdict as of the pin; false without feedback",
    ),
    col.timestamp(
      'accepted_at',
      'null',
      "When the first feedback call accepting it arrived (UTC), as of the pin; the plugin's ground-truth timers start at the insertion",
    ),
    col.int32(
      'feedback_count',
      'not null',
      'Feedback calls about this completion as of the pin (the acceptance and the ground-truth calls)',
    ),
    col.structList(
      'ground_truths',
      [
        col.string(
          'ground_truth',
          'not null',
          'The code the user had at that time, around where the completion went',
        ),
        col.timestamp('truth_timestamp', 'not null', 'When the server received it (UTC)'),
      ],
      'not null',
      'The ground-truth snapshots the plugin sent after acceptance (typically 15, 45 and 90 s after insertion), in the order they arrived, as of the pin',
    ),
  ],
};
