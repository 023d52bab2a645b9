// Chats read model projectors. A turn's request creates the chat (its first request wins) and the turn; its
// answer sets the chat's title once and adds every model's response, unless the turn is gone (the chat was
// deleted in between). Deleting a chat, or erasing its user with their data, cascades to turns and responses.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';
import { chatRequestedRows, chatResponseRows } from './chat-rows.js';

export async function projectChatRequested(
  trx: Trx,
  event: DomainEvent<'chat.requested'>,
  seq: number,
): Promise<void> {
  const rows = chatRequestedRows(event, seq);
  await trx
    .insertInto('chat')
    .values(rows.chat)
    .onConflict((oc) => oc.column('chat_id').doNothing())
    .execute();
  await trx
    .insertInto('chat_query')
    .values(rows.query)
    .onConflict((oc) => oc.column('meta_query_id').doNothing())
    .execute();
}

export async function projectChatAnswered(
  trx: Trx,
  event: DomainEvent<'chat.answered'>,
  seq: number,
): Promise<void> {
  const queryId = required(event.queryId, 'queryId');
  const turn = await trx
    .updateTable('chat_query')
    .set({ answered_at: event.data.answeredAt, answered_seq: seq })
    .where('meta_query_id', '=', queryId)
    .where('answered_seq', 'is', null)
    .returning('chat_id')
    .executeTakeFirst();
  if (!turn) return; // answered before (a redelivery), or the chat was deleted since
  await trx
    .updateTable('chat')
    .set({ title: event.data.title, title_seq: seq })
    .where('chat_id', '=', turn.chat_id)
    .where('title', 'is', null)
    .execute();
  const responses = chatResponseRows(event, seq);
  if (responses.length === 0) return;
  await trx
    .insertInto('chat_response')
    .values(responses)
    .onConflict((oc) => oc.columns(['meta_query_id', 'model_id']).doNothing())
    .execute();
}

export async function projectChatDeleted(trx: Trx, event: DomainEvent<'chat.deleted'>): Promise<void> {
  await trx
    .deleteFrom('chat')
    .where('chat_id', '=', event.data.chatId)
    .where('user_id', '=', required(event.userId, 'userId'))
    .execute();
}

/** Erasure with deleteData removes the user's chats, their turns and responses (cascade). */
export async function projectUserErasedFromChats(trx: Trx, event: DomainEvent<'user.erased'>): Promise<void> {
  if (!event.data.deleteData) return;
  await trx.deleteFrom('chat').where('user_id', '=', required(event.userId, 'userId')).execute();
}
