// A small Redis record of each chat (owner, project, title), written before a turn is answered, so the next
// turn and a delete right after never depend on the projections having caught up. Older chats fall back to
// the chats read model. A deleted chat leaves a tombstone for a day, so listings hide it at once.
import type { Db } from '../platform/db.js';
import type { Redis } from '../platform/redis.js';
import { saveUserRecord } from '../platform/user-records.js';

export interface ChatOwner {
  userId: string;
  projectId: string;
  title: string | null;
}

type Stored = ChatOwner & { deleted?: true };

export const CHAT_RECORD_TTL_S = 7 * 24 * 3600;
export const CHAT_TOMBSTONE_TTL_S = 24 * 3600;

const keyOf = (chatId: string) => `chat:${chatId.toLowerCase()}`;

export async function saveChatRecord(redis: Redis, chatId: string, owner: ChatOwner): Promise<void> {
  // Listed under the user, so an erasure deletes it (src/accounts/erase-user.ts).
  await saveUserRecord(redis, owner.userId, keyOf(chatId), JSON.stringify(owner), CHAT_RECORD_TTL_S);
}

export async function markChatDeleted(redis: Redis, chatId: string, owner: ChatOwner): Promise<void> {
  const stored: Stored = { ...owner, deleted: true };
  await saveUserRecord(redis, owner.userId, keyOf(chatId), JSON.stringify(stored), CHAT_TOMBSTONE_TTL_S);
}

/** The chat's owner and title; null when it is unknown or deleted. */
export async function findChat(deps: { redis: Redis; db: Db }, chatId: string): Promise<ChatOwner | null> {
  const cached = await deps.redis.get(keyOf(chatId));
  if (cached) {
    const stored = JSON.parse(cached) as Stored;
    return stored.deleted
      ? null
      : { userId: stored.userId, projectId: stored.projectId, title: stored.title };
  }
  const row = await deps.db
    .selectFrom('chat')
    .select(['user_id', 'project_id', 'title'])
    .where('chat_id', '=', chatId.toLowerCase())
    .executeTakeFirst();
  return row ? { userId: row.user_id, projectId: row.project_id, title: row.title } : null;
}

/** Which of these chats were deleted lately (the read model may not have removed them yet). */
export async function recentlyDeleted(redis: Redis, chatIds: string[]): Promise<Set<string>> {
  if (chatIds.length === 0) return new Set();
  const values = await redis.mget(...chatIds.map(keyOf));
  const out = new Set<string>();
  values.forEach((v, i) => {
    if (v && (JSON.parse(v) as Stored).deleted) out.add(chatIds[i] as string);
  });
  return out;
}
