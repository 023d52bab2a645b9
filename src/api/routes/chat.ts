// /api/chat/request, /api/chat/get/{page_number} and /api/chat/delete/{chat_id} (protocol §4.12), on the
// session_token + project_token cookies like completions. A chat answer is given only after its events are in
// JetStream; a chat model that is unavailable or too slow comes back as an error item, never a hang.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { requireSessionProject } from '../middleware/auth.js';
import { correlationIdOf } from '../middleware/correlation-id.js';
import { requestLogger } from '../middleware/request-context.js';
import { createUserConfigLookup } from '../../completion/index.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, HEADER_ROOM_BYTES } from '../../bus/event-size.js';
import {
  ChatHistoryResponseSchema,
  ChatPageSchema,
  ChatRequestBodySchema,
  CHATS_PER_PAGE,
  deleteChat,
  listChats,
  serveChat,
} from '../../chat/index.js';
import { errorResponses, json, jsonBody, MessageSchema } from './account-schemas.js';

const request = createRoute({
  method: 'post',
  path: '/api/chat/request',
  summary: 'The next assistant message of a chat, from every requested chat model',
  request: { body: jsonBody(ChatRequestBodySchema) },
  responses: {
    200: json(ChatHistoryResponseSchema, 'This turn of the chat'),
    ...errorResponses(401, 403, 422, 429),
  },
});

const get = createRoute({
  method: 'get',
  path: '/api/chat/get/{page_number}',
  summary: "One page (ten, newest first) of the user's chats in this project",
  request: { params: z.object({ page_number: z.coerce.number().int().min(0).max(1_000_000) }) },
  responses: { 200: json(ChatPageSchema, 'A page of chats'), ...errorResponses(401, 422) },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/chat/delete/{chat_id}',
  summary: "Deletes one of the user's chats",
  request: { params: z.object({ chat_id: z.guid() }) },
  responses: { 200: json(MessageSchema, 'Deleted'), ...errorResponses(401, 403, 404, 422) },
});

export function registerChatRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  const chatDeps = {
    ...deps,
    serverVersionId: deps.config.serverVersionId,
    userConfig: createUserConfigLookup(deps.db, deps.clock),
    maxEventBytes: deps.maxEventBytes ?? DEFAULT_MAX_PAYLOAD_BYTES - HEADER_ROOM_BYTES,
  };

  app.openapi(request, async (c) => {
    const caller = await requireSessionProject(c, deps);
    return c.json(
      await serveChat(
        { ...chatDeps, logger: requestLogger(c, deps.logger) },
        caller,
        c.req.valid('json'),
        correlationIdOf(c),
      ),
      200,
    );
  });

  app.openapi(get, async (c) => {
    const caller = await requireSessionProject(c, deps);
    const page = Math.max(1, c.req.valid('param').page_number);
    const items = await listChats(deps, caller, page);
    return c.json({ page, per_page: CHATS_PER_PAGE, items }, 200);
  });

  app.openapi(remove, async (c) => {
    const caller = await requireSessionProject(c, deps);
    await deleteChat(deps, caller, c.req.valid('param').chat_id, correlationIdOf(c));
    return c.json({ message: 'Chat deleted successfully' }, 200);
  });
}
