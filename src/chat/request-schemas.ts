// The plugin's chat bodies and answers (protocol §4.12, RequestChatCompletion and ChatHistoryResponse). The
// history comes whole every turn as [role, content] pairs; unknown fields are ignored, as in the Python server.
import { z } from 'zod';
import { PG_INT_MAX, StorableText } from '../platform/storable-text.js';
import {
  BehavioralTelemetryBodySchema,
  ContextBodySchema,
  ContextualTelemetryBodySchema,
} from '../completion/request-schemas.js';

/** Far above any chat model's context window; keeps every event well under the NATS message limit. */
export const CHAT_LIMITS = { messages: 1_000, messageChars: 100_000 } as const;

export const ChatRoleSchema = z.enum(['system', 'user', 'assistant']);

export const ChatMessagePairSchema = z.tuple([
  ChatRoleSchema,
  StorableText.pipe(z.string().max(CHAT_LIMITS.messageChars)),
]);

export const ChatRequestBodySchema = z.object({
  model_ids: z.array(z.number().int().max(PG_INT_MAX)).max(8).default([]),
  chat_id: z.guid(),
  messages: z
    .array(ChatMessagePairSchema)
    .min(1)
    .max(CHAT_LIMITS.messages)
    .refine((m) => m.at(-1)?.[0] === 'user', "the last message must be the user's new message"),
  context: ContextBodySchema.nullish(),
  contextual_telemetry: ContextualTelemetryBodySchema.partial().nullish(),
  behavioral_telemetry: BehavioralTelemetryBodySchema.nullish(),
  store_context: z.boolean().nullish(),
  store_contextual_telemetry: z.boolean().nullish(),
  store_behavioral_telemetry: z.boolean().nullish(),
  web_enabled: z.boolean().nullish(),
});
export type ChatRequestBody = z.infer<typeof ChatRequestBodySchema>;

/**
 * One assistant response: the six keys the plugin's parser requires. A model that failed is answered with the
 * same keys (its `completion` says what went wrong, so the chat panel shows it) plus the Python server's
 * `message`, and `error_code`.
 */
export const ChatResponseItemSchema = z.object({
  model_id: z.number().int(),
  model_name: z.string(),
  completion: z.string(),
  generation_time: z.number().int(),
  confidence: z.number(),
  was_accepted: z.boolean(),
  message: z.string().optional(),
  error_code: z.string().optional(),
});
export type ChatResponseItem = z.infer<typeof ChatResponseItemSchema>;

export const ChatTurnSchema = z.object({
  user_message: z.object({
    role: z.literal('user'),
    content: z.string(),
    timestamp: z.string(),
    meta_query_id: z.string(),
  }),
  assistant_responses: z.array(ChatResponseItemSchema),
});
export type ChatTurn = z.infer<typeof ChatTurnSchema>;

export const ChatHistoryResponseSchema = z.object({
  chat_id: z.string(),
  title: z.string(),
  history: z.array(ChatTurnSchema),
});
export type ChatHistoryResponse = z.infer<typeof ChatHistoryResponseSchema>;

export const ChatPageSchema = z.object({
  page: z.number().int(),
  per_page: z.number().int(),
  items: z.array(ChatHistoryResponseSchema),
});
