// Public surface of the chat use cases behind the plugin's chat routes (protocol §4.12, docs/chat.md).
export { serveChat, MAX_CHAT_SERVING_MS, type ChatDeps } from './serve-chat.js';
export { listChats, CHATS_PER_PAGE } from './list-chats.js';
export { deleteChat, type DeleteChatDeps } from './delete-chat.js';
export { parseTitle, fallbackTitle, TITLE_INSTRUCTION, UNTITLED_CHAT } from './chat-title.js';
export { buildChatPrompt, DEFAULT_SYSTEM_PROMPT, type ChatPrompt } from './chat-prompt.js';
export {
  ChatRequestBodySchema,
  ChatHistoryResponseSchema,
  ChatPageSchema,
  type ChatRequestBody,
  type ChatHistoryResponse,
  type ChatResponseItem,
} from './request-schemas.js';
