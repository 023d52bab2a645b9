// DELETE /api/chat/delete/{chat_id}: only the chat's owner may delete it (403 otherwise, 404 when unknown).
// `chat.deleted` is appended before the answer; the read model then drops the chat, its turns and responses.
// The stream keeps the chat's events (docs/chat.md): erasing the account with its data removes those.
import { makeEvent } from '../../events/index.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { Caller } from '../completion/index.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db.js';
import { Errors } from '../platform/errors.js';
import type { Redis } from '../platform/redis.js';
import { findChat, markChatDeleted } from './chat-record.js';

export interface DeleteChatDeps {
  publisher: EventPublisher;
  redis: Redis;
  db: Db;
  clock: Clock;
}

export async function deleteChat(
  deps: DeleteChatDeps,
  caller: Caller,
  chatId: string,
  correlationId: string,
): Promise<void> {
  const id = chatId.toLowerCase();
  const owner = await findChat(deps, id);
  if (!owner) throw Errors.chatNotFound();
  if (owner.userId !== caller.userId) throw Errors.noChatAccess();
  const data = { chatId: id, deletedAt: deps.clock.now().toISOString() };
  await deps.publisher.append(makeEvent('chat.deleted', { ...caller, correlationId }, data));
  await markChatDeleted(deps.redis, id, owner);
}
