// The chats read model folded in memory for a rebuild into empty tables: the projectors' rules applied to one
// record per chat (its first request wins, its first answer sets the title, a turn is answered once, a
// deletion by its owner or its owner's erasure drops it with its turns), then the three tables loaded with
// COPY, parents first. Ids are compared lowercased, as PostgreSQL compares uuids.
import { foldWith, type FoldHandlers } from '../bulk/fold-handlers.js';
import { copyRows, linesOf } from '../bulk/copy-rows.js';
import { copyLine, type CopyColumns } from '../bulk/copy-text.js';
import { required, type BulkFold } from '../runner/read-model.js';
import {
  chatRequestedRows,
  chatResponseRows,
  type ChatQueryRow,
  type ChatResponseRow,
  type ChatRow,
} from './chat-rows.js';

const CHAT_COLUMNS: CopyColumns<ChatRow> = [
  ['chat_id', 'plain'],
  ['user_id', 'plain'],
  ['project_id', 'plain'],
  ['title', 'text'],
  ['created_at', 'plain'],
  ['stream_seq', 'int'],
  ['title_seq', 'int'],
];

const QUERY_COLUMNS: CopyColumns<ChatQueryRow> = [
  ['meta_query_id', 'plain'],
  ['chat_id', 'plain'],
  ['user_id', 'plain'],
  ['session_id', 'plain'],
  ['project_id', 'plain'],
  ['requested_at', 'plain'],
  ['user_message', 'text'],
  ['system_prompt', 'text'],
  ['prior_messages', 'int'],
  ['first_turn', 'bool'],
  ['context', 'json'],
  ['context_omitted', 'text'],
  ['contextual_telemetry', 'json'],
  ['behavioral_telemetry', 'json'],
  ['store_context', 'bool'],
  ['store_contextual_telemetry', 'bool'],
  ['store_behavioral_telemetry', 'bool'],
  ['web_enabled', 'bool'],
  ['model_ids', 'floats'],
  ['multi_file_context_changes_indexes', 'json'],
  ['server_version_id', 'int'],
  ['config_id', 'int'],
  ['answered_at', 'plain'],
  ['stream_seq', 'int'],
  ['answered_seq', 'int'],
];

const RESPONSE_COLUMNS: CopyColumns<ChatResponseRow> = [
  ['meta_query_id', 'plain'],
  ['model_id', 'int'],
  ['chat_id', 'plain'],
  ['model_name', 'text'],
  ['status', 'text'],
  ['answer', 'text'],
  ['model_title', 'text'],
  ['generation_time', 'int'],
  ['serving_time', 'int'],
  ['model_revision', 'text'],
  ['generation_parameters', 'json'],
  ['error_code', 'text'],
  ['error_message', 'text'],
  ['stream_seq', 'int'],
];

interface Turn {
  row: ChatQueryRow;
  responses: Map<number, ChatResponseRow>;
}

interface ChatState {
  row: ChatRow;
  /** Lowercased turn ids of this chat. */
  turns: Set<string>;
}

export function createChatsBulkFold(): BulkFold {
  const chats = new Map<string, ChatState>();
  const turns = new Map<string, Turn>();
  const drop = (key: string): void => {
    for (const t of chats.get(key)?.turns ?? []) turns.delete(t);
    chats.delete(key);
  };
  const handlers: FoldHandlers = {
    'chat.requested': (e, seq) => {
      const rows = chatRequestedRows(e, seq);
      const key = rows.chat.chat_id.toLowerCase();
      let chat = chats.get(key);
      if (!chat) chats.set(key, (chat = { row: rows.chat, turns: new Set() }));
      const turnKey = rows.query.meta_query_id.toLowerCase();
      if (turns.has(turnKey)) return;
      turns.set(turnKey, { row: rows.query, responses: new Map() });
      chat.turns.add(turnKey);
    },
    'chat.answered': (e, seq) => {
      const turn = turns.get(required(e.queryId, 'queryId').toLowerCase());
      if (!turn || turn.row.answered_seq !== null) return;
      turn.row.answered_at = e.data.answeredAt;
      turn.row.answered_seq = seq;
      const chat = chats.get(turn.row.chat_id.toLowerCase());
      if (chat && chat.row.title === null) {
        chat.row.title = e.data.title;
        chat.row.title_seq = seq;
      }
      for (const r of chatResponseRows(e, seq))
        if (!turn.responses.has(r.model_id)) turn.responses.set(r.model_id, r);
    },
    'chat.deleted': (e) => {
      const key = e.data.chatId.toLowerCase();
      const owner = chats.get(key)?.row.user_id.toLowerCase();
      if (owner === required(e.userId, 'userId').toLowerCase()) drop(key);
    },
    'user.erased': (e) => {
      if (!e.data.deleteData) return;
      const user = required(e.userId, 'userId').toLowerCase();
      for (const [key, chat] of chats) if (chat.row.user_id.toLowerCase() === user) drop(key);
    },
  };
  return {
    add: foldWith(handlers),
    async write(client) {
      const chatRows = linesOf(chats.values(), (c) => copyLine(CHAT_COLUMNS, c.row));
      const queryRows = linesOf(turns.values(), (t) => copyLine(QUERY_COLUMNS, t.row));
      const responses = function* () {
        for (const t of turns.values()) yield* t.responses.values();
      };
      const responseRows = linesOf(responses(), (r) => copyLine(RESPONSE_COLUMNS, r));
      return (
        (await copyRows(client, 'chat', CHAT_COLUMNS, chatRows)) +
        (await copyRows(client, 'chat_query', QUERY_COLUMNS, queryRows)) +
        (await copyRows(client, 'chat_response', RESPONSE_COLUMNS, responseRows))
      );
    },
  };
}
