// GET /api/chat/get/{page}: the user's chats in this project from the chats read model, newest first, ten a
// page, each with its whole history (oldest turn first). Chats deleted lately are hidden even before the read
// model has removed them.
import type { Db } from '../platform/db.js';
import type { Redis } from '../platform/redis.js';
import type { Caller } from '../completion/index.js';
import { chatResponseItem } from './chat-events.js';
import { recentlyDeleted } from './chat-record.js';
import { UNTITLED_CHAT } from './chat-title.js';
import type { ChatHistoryResponse, ChatTurn } from './request-schemas.js';

export const CHATS_PER_PAGE = 10;

/** `page` is 1-based; 0 is taken as the first page too (the plugin's docs say 0-based, the server 1-based). */
export async function listChats(
  deps: { db: Db; redis: Redis },
  caller: Caller,
  page: number,
): Promise<ChatHistoryResponse[]> {
  const offset = (Math.max(1, page) - 1) * CHATS_PER_PAGE;
  const chats = await deps.db
    .selectFrom('chat')
    .select(['chat_id', 'title'])
    .where('user_id', '=', caller.userId)
    .where('project_id', '=', caller.projectId)
    .orderBy('created_at', 'desc')
    .orderBy('stream_seq', 'desc')
    .limit(CHATS_PER_PAGE)
    .offset(offset)
    .execute();
  const deleted = await recentlyDeleted(
    deps.redis,
    chats.map((c) => c.chat_id),
  );
  const shown = chats.filter((c) => !deleted.has(c.chat_id));
  const turns = await loadTurns(
    deps.db,
    shown.map((c) => c.chat_id),
  );
  return shown.map((c) => ({
    chat_id: c.chat_id,
    title: c.title ?? UNTITLED_CHAT,
    history: turns.get(c.chat_id) ?? [],
  }));
}

async function loadTurns(db: Db, chatIds: string[]): Promise<Map<string, ChatTurn[]>> {
  const out = new Map<string, ChatTurn[]>();
  if (chatIds.length === 0) return out;
  const [queries, responses] = await Promise.all([
    db
      .selectFrom('chat_query')
      .select(['meta_query_id', 'chat_id', 'user_message', 'requested_at'])
      .where('chat_id', 'in', chatIds)
      .orderBy('requested_at')
      .orderBy('meta_query_id')
      .execute(),
    db.selectFrom('chat_response').selectAll().where('chat_id', 'in', chatIds).orderBy('model_id').execute(),
  ]);
  const byQuery = new Map<string, ChatTurn['assistant_responses']>();
  for (const r of responses) {
    const list = byQuery.get(r.meta_query_id) ?? [];
    list.push(
      chatResponseItem({
        modelId: r.model_id,
        modelName: r.model_name,
        status: r.status,
        answer: r.answer,
        modelTitle: r.model_title,
        generationTimeMs: r.generation_time,
        servingTimeMs: r.serving_time,
        modelRevision: r.model_revision,
        generation: r.generation_parameters,
        error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
      }),
    );
    byQuery.set(r.meta_query_id, list);
  }
  for (const q of queries) {
    const list = out.get(q.chat_id) ?? [];
    list.push({
      user_message: {
        role: 'user',
        content: q.user_message,
        timestamp: q.requested_at.toISOString(),
        meta_query_id: q.meta_query_id,
      },
      assistant_responses: byQuery.get(q.meta_query_id) ?? [],
    });
    out.set(q.chat_id, list);
  }
  return out;
}
