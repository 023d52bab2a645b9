// The rows each chat event writes (with `seq`, its stream sequence), as pure functions: the event-to-row
// mapping written once, beside the projectors that add the upsert rules.
import type { DomainEvent } from '../../events/index.js';
import type { ChatQueryTable, ChatResponseTable, ChatTable } from '../../src/platform/db-schema.js';
import type { TableRow } from '../bulk/table-row.js';
import { required } from '../runner/index.js';

export type ChatRow = TableRow<ChatTable>;

export type ChatQueryRow = TableRow<ChatQueryTable>;

export type ChatResponseRow = TableRow<ChatResponseTable>;

const json = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));

export function chatRequestedRows(
  event: DomainEvent<'chat.requested'>,
  seq: number,
): { chat: ChatRow; query: ChatQueryRow } {
  const d = event.data;
  const userId = required(event.userId, 'userId');
  const projectId = required(event.projectId, 'projectId');
  return {
    chat: {
      chat_id: d.chatId,
      user_id: userId,
      project_id: projectId,
      title: null,
      created_at: d.requestedAt,
      stream_seq: seq,
      title_seq: null,
    },
    query: {
      meta_query_id: required(event.queryId, 'queryId'),
      chat_id: d.chatId,
      user_id: userId,
      session_id: required(event.sessionId, 'sessionId'),
      project_id: projectId,
      requested_at: d.requestedAt,
      user_message: d.userMessage,
      system_prompt: d.systemPrompt,
      prior_messages: d.priorMessages,
      first_turn: d.firstTurn,
      context: json(d.context),
      context_omitted: d.contextOmitted,
      contextual_telemetry: json(d.contextualTelemetry),
      behavioral_telemetry: json(d.behavioralTelemetry),
      store_context: d.storeContext,
      store_contextual_telemetry: d.storeContextualTelemetry,
      store_behavioral_telemetry: d.storeBehavioralTelemetry,
      web_enabled: d.webEnabled,
      model_ids: d.modelIds,
      multi_file_context_changes_indexes: JSON.stringify(d.multiFileContextChangesIndexes),
      server_version_id: d.serverVersionId,
      config_id: d.configId,
      answered_at: null,
      stream_seq: seq,
      answered_seq: null,
    },
  };
}

export function chatResponseRows(event: DomainEvent<'chat.answered'>, seq: number): ChatResponseRow[] {
  const queryId = required(event.queryId, 'queryId');
  return event.data.responses.map((r) => ({
    meta_query_id: queryId,
    model_id: r.modelId,
    chat_id: event.data.chatId,
    model_name: r.modelName,
    status: r.status,
    answer: r.answer,
    model_title: r.modelTitle,
    generation_time: r.generationTimeMs,
    serving_time: r.servingTimeMs,
    model_revision: r.modelRevision,
    generation_parameters: JSON.stringify(r.generation),
    error_code: r.error?.code ?? null,
    error_message: r.error?.message ?? null,
    stream_seq: seq,
  }));
}
