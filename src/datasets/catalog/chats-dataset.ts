// The chats dataset: every turn of the plugin's chat window with each chat model's response (one row per turn
// and model; a turn not answered as of the pin has one row without a model), as of the pin, in stream order.
// Deleted chats and erased users' chats are gone from the read model, so from every pin (docs/chat.md).
import { sql, type RawBuilder } from 'kysely';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow, DatasetSchema } from '../formats/index.js';
import { allOf, changedAsOf, createdAsOf, filterConditions } from '../sql/sql-conditions.js';
import { col, requestIdColumns } from './columns.js';

export const CHATS_SCHEMA: DatasetSchema = {
  name: 'chats',
  description:
    "The plugin's chat window: one row per chat turn and chat model, with the user's message, the model's " +
    "answer (its [Title]...[/Title] taken out) and the chat's title, in stream order, as of the stream sequence " +
    'of the download. Chats their users deleted are not in it.',
  columns: [
    col.string('chat_id', 'not null', "The chat (the plugin's own UUID, stable across turns)"),
    col.string('query_id', 'not null', 'The turn (UUID; the meta_query_id of the answer the plugin got)'),
    col.int64('stream_seq', 'not null', 'Stream sequence of the chat.requested event of the turn'),
    ...requestIdColumns,
    col.string('title', 'null', "The chat's title as of the pin; null before its first answer"),
    col.timestamp('requested_at', 'not null', 'When the server received the turn (UTC)'),
    col.bool('first_turn', 'not null', 'The first turn of the chat (the model was asked for a title)'),
    col.int32('prior_messages', 'not null', 'User and assistant messages the plugin sent before the new one'),
    col.string('user_message', 'not null', "The user's new message (secrets redacted)"),
    col.string(
      'system_prompt',
      'null',
      "The plugin's system prompt (secrets redacted); null when it sent none",
    ),
    col.json(
      'context',
      'null',
      'The editor context sent with the turn ({prefix, suffix, fileName, selectedText, contextFiles}); null unless store_context',
    ),
    col.json('contextual_telemetry', 'null', 'The IDE environment sent with the turn; null unless kept'),
    col.json('behavioral_telemetry', 'null', "The user's behaviour sent with the turn; null unless kept"),
    col.bool('web_enabled', 'not null', "The plugin's web search switch (recorded only)"),
    col.int32('config_id', 'null', "The user's config (study arm) when the turn was served"),
    col.int32('model_id', 'null', 'The chat model; null for a turn not answered as of the pin'),
    col.dictionary(
      'model_name',
      'null',
      "The model's name (Hugging Face id); null for an id the server does not know",
    ),
    col.dictionary('status', 'null', 'ok, or failed (error_code says why); null when not answered'),
    col.string(
      'answer',
      'null',
      "The model's answer without its title (secrets redacted); empty for failures",
    ),
    col.string('model_title', 'null', 'The title this model gave, if any'),
    col.int32('generation_time', 'null', 'Milliseconds the model took, as its worker measured'),
    col.int32(
      'serving_time',
      'null',
      "Milliseconds from the turn's arrival until this model's answer was in",
    ),
    col.string('model_revision', 'null', 'Which weights answered, as the serving server reports'),
    col.dictionary(
      'error_code',
      'null',
      'model_unavailable, deadline_exceeded, model_failed, not_a_chat_model or unknown_model',
    ),
    col.timestamp(
      'answered_at',
      'null',
      'When the plugin was answered (UTC); null when not answered as of the pin',
    ),
  ],
};

export function chatsQuery(filters: DatasetFilters, pin: number): RawBuilder<DatasetRow> {
  const answered = changedAsOf(sql`q.answered_seq`, sql`q.stream_seq`, sql`q.answered_at IS NOT NULL`, pin);
  const titled = changedAsOf(sql`c.title_seq`, sql`c.stream_seq`, sql`c.title IS NOT NULL`, pin);
  const where = [
    createdAsOf(sql`q.stream_seq`, pin),
    ...filterConditions(filters, {
      time: sql`q.requested_at`,
      model_id: sql`r.model_id`,
      user_id: sql`q.user_id`,
      project_id: sql`q.project_id`,
    }),
  ];
  return sql<DatasetRow>`
SELECT q.chat_id, q.meta_query_id AS query_id, q.stream_seq, q.user_id, q.session_id, q.project_id,
  CASE WHEN ${titled} THEN c.title END AS title, q.requested_at, q.first_turn, q.prior_messages,
  q.user_message, q.system_prompt, q.context, q.contextual_telemetry, q.behavioral_telemetry, q.web_enabled,
  q.config_id, r.model_id, NULL::text AS model_name, r.status, r.answer, r.model_title, r.generation_time,
  r.serving_time, r.model_revision, r.error_code, CASE WHEN ${answered} THEN q.answered_at END AS answered_at
FROM chat_query q
JOIN chat c ON c.chat_id = q.chat_id
LEFT JOIN chat_response r ON r.meta_query_id = q.meta_query_id AND ${createdAsOf(sql`r.stream_seq`, pin)}
WHERE ${allOf(where)}
ORDER BY q.stream_seq, q.meta_query_id, r.model_id`;
}
