// One chat turn, end to end: resolve the chat models and the chat's owner (another user's chat is a 403), build
// the prompt, then in parallel append `chat.requested` and ask every model over NATS with a deadline. Once the
// request and the chat's record are written, `chat.answered` (every response and the title) is appended, and
// only then is the plugin answered, with this turn alone (the plugin shows history[0]).
import { settle, throwFirstFailure } from '../completion/settled-writes.js';
import { v7 as uuidv7 } from 'uuid';
import { makeEvent, type EventIds } from '../../events/index.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { ChatResult, InferenceClient } from '../bus/inference-client.js';
import { buildCompletionInput, type Caller, type UserConfigLookup } from '../completion/index.js';
import type { LiveContextStore } from '../context/live-context-store.js';
import type { ModelRegistry } from '../inference/model-registry.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db.js';
import { dependencyOutageOf } from '../platform/dependency-outage.js';
import { AppError, Errors } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { Redis } from '../platform/redis.js';
import { buildChatPrompt, type ChatPrompt } from './chat-prompt.js';
import {
  chatRequestedData,
  chatResponseData,
  chatResponseItem,
  type ChatModelResult,
} from './chat-events.js';
import { findChat, saveChatRecord } from './chat-record.js';
import { fallbackTitle } from './chat-title.js';
import { checkChatRequest } from './check-chat-request.js';
import { chatRequestedEvent } from './chat-requested-event.js';
import type { ChatHistoryResponse, ChatRequestBody } from './request-schemas.js';

/**
 * The plugin waits 300 s for a chat answer; every model's deadline ends this long after the request arrived, so
 * a stuck chat server costs the user two minutes at most, and the events are written well before the plugin
 * gives up.
 */
export const MAX_CHAT_SERVING_MS = 120_000;

export interface ChatDeps {
  publisher: EventPublisher;
  inference: InferenceClient;
  registry: ModelRegistry;
  contextStore: LiveContextStore;
  redis: Redis;
  db: Db;
  clock: Clock;
  logger: Logger;
  serverVersionId: number;
  userConfig: UserConfigLookup;
  /** Largest encoded event the NATS server takes (maxEventBytesOf). */
  maxEventBytes: number;
}

export async function serveChat(
  deps: ChatDeps,
  caller: Caller,
  body: ChatRequestBody,
  correlationId?: string,
): Promise<ChatHistoryResponse> {
  const arrived = deps.clock.monotonicMs();
  const modelIds = checkChatRequest(deps.registry, body);
  const chatId = body.chat_id.toLowerCase();
  const existing = await findChat(deps, chatId);
  if (existing && existing.userId !== caller.userId) throw Errors.noChatAccess();
  const queryId = uuidv7();
  const ids: EventIds = { ...caller, queryId, correlationId: (correlationId ?? queryId).slice(0, 100) };
  const [prepared, configId] = await Promise.all([
    body.context
      ? buildCompletionInput(deps.contextStore, caller.projectId, { context: body.context })
      : null,
    deps.userConfig.configIdOf(caller.userId),
  ]);
  const firstTurn = existing === null;
  const prompt = buildChatPrompt(body, prepared, firstTurn);
  const requestedAt = deps.clock.now();
  const facts = { chatId, modelIds, requestedAt, firstTurn, serverVersionId: deps.serverVersionId, configId };
  const data = chatRequestedData(body, prompt, prepared, facts);
  const writes = [settle(deps.publisher.append(chatRequestedEvent(ids, data, deps.maxEventBytes)))];
  const results = await Promise.all(modelIds.map((id) => runChatModel(deps, id, prompt, arrived, queryId)));
  const responses = results.map(chatResponseData);
  const title =
    existing?.title ?? responses.find((r) => r.modelTitle)?.modelTitle ?? fallbackTitle(prompt.userMessage);
  const owner = { userId: caller.userId, projectId: existing?.projectId ?? caller.projectId, title };
  writes.push(settle(saveChatRecord(deps.redis, chatId, owner)));
  await throwFirstFailure(writes, (err) => writeFailed(deps.logger, err, queryId));
  const answered = { chatId, answeredAt: deps.clock.now().toISOString(), title, responses };
  const appended = settle(deps.publisher.append(makeEvent('chat.answered', ids, answered)));
  await throwFirstFailure([appended], (err) => writeFailed(deps.logger, err, queryId));
  const userMessage = { role: 'user' as const, content: prompt.userMessage, meta_query_id: queryId };
  const turn = { ...userMessage, timestamp: requestedAt.toISOString() };
  return {
    chat_id: chatId,
    title,
    history: [{ user_message: turn, assistant_responses: responses.map(chatResponseItem) }],
  };
}

/** One model's answer, with a deadline that ends MAX_CHAT_SERVING_MS after the request arrived at the latest. */
async function runChatModel(
  deps: ChatDeps,
  modelId: number,
  prompt: ChatPrompt,
  arrived: number,
  queryId: string,
): Promise<ChatModelResult> {
  const entry = deps.registry.models.find((m) => m.id === modelId);
  const left = MAX_CHAT_SERVING_MS - (deps.clock.monotonicMs() - arrived);
  const budget = Math.max(1, Math.min(entry?.generation.deadlineMs ?? MAX_CHAT_SERVING_MS, left));
  const gen = entry?.generation ?? { maxNewTokens: 256, temperature: 0, topP: 1, stop: [] };
  const configured = {
    maxNewTokens: gen.maxNewTokens,
    temperature: gen.temperature,
    topP: gen.topP,
    stop: gen.stop,
  };
  const modelName = entry?.name ?? `model ${modelId}`;
  const fail = (code: string, message: string): ChatResult => ({
    ok: false,
    error: { code, message },
    elapsedMs: 0,
  });
  let result: ChatResult;
  if (!entry) result = fail('unknown_model', `model ${modelId} is not in this server's registry`);
  else if (entry.kind !== 'chat') result = fail('not_a_chat_model', `${modelName} is not a chat model`);
  else if (!deps.inference.chat)
    result = fail('model_unavailable', 'no chat inference is wired into this API');
  else result = await deps.inference.chat(modelId, { messages: prompt.messages }, budget, { queryId });
  return {
    modelId,
    modelName,
    result,
    servingTimeMs: deps.clock.monotonicMs() - arrived,
    deadlineMs: budget,
    configured,
  };
}

/** A backing service that is down goes on as it is: the error handler answers it 503 with Retry-After. */
function writeFailed(logger: Logger, err: unknown, queryId: string): Error {
  if (err instanceof Error && dependencyOutageOf(err)) return err;
  logger.error({ err, queryId }, 'chat events or chat record could not be written');
  return new AppError('generate_chat_failed', 500, 'Server failed to generate chat completions.');
}
