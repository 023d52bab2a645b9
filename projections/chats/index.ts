// The chats read model: the plugin's chats, their turns and every model's answer (docs/chat.md).
import type { ReadModel } from '../runner/index.js';
import { createChatsBulkFold } from './bulk-chats-fold.js';
import {
  projectChatAnswered,
  projectChatDeleted,
  projectChatRequested,
  projectUserErasedFromChats,
} from './chat-projectors.js';

export const chatsReadModel: ReadModel = {
  name: 'chats',
  tables: ['chat', 'chat_query', 'chat_response'],
  projectors: {
    'chat.requested': projectChatRequested,
    'chat.answered': projectChatAnswered,
    'chat.deleted': projectChatDeleted,
    'user.erased': projectUserErasedFromChats,
  },
  createBulkFold: createChatsBulkFold,
};
