// The inference request and reply exchanged over NATS request-reply on `<prefix>.svc.model.<id>`.
// Both sides validate with these schemas; a worker answers every request with exactly one reply.
import { z } from 'zod';

export const CompletionInputSchema = z.object({
  prefix: z.string(),
  suffix: z.string(),
  fileName: z.string(),
  contextFiles: z.array(z.object({ path: z.string(), text: z.string() })),
  stopSequences: z.array(z.string()),
  maxNewTokens: z.number().int().positive().optional(),
});

export const InferenceRequestSchema = z.object({
  /** The meta query this generation belongs to (for logs); absent for benchmarks and warm-ups. */
  queryId: z.string().max(100).optional(),
  modelId: z.number().int().positive(),
  input: CompletionInputSchema,
  /** Epoch milliseconds after which the answer is useless: the worker aborts and answers deadline_exceeded. */
  deadlineAt: z.number().int().positive(),
});
export type InferenceRequest = z.infer<typeof InferenceRequestSchema>;

export const InferenceErrorCodeSchema = z.enum([
  'model_unavailable',
  'deadline_exceeded',
  'model_failed',
  'bad_request',
]);
export type InferenceErrorCode = z.infer<typeof InferenceErrorCodeSchema>;

export const EffectiveGenerationParamsSchema = z.object({
  maxNewTokens: z.number().int().positive(),
  temperature: z.number().min(0),
  topP: z.number().gt(0).max(1),
  stop: z.array(z.string()),
});

/**
 * A model's answer. JSON has no Infinity or NaN, so a non-finite log-probability travels as null. Workers older
 * than issue 8 send no tokens, revision or parameters: the API records those as unknown.
 */
export const CompletionOutputSchema = z.object({
  completion: z.string(),
  generationTimeMs: z.number().min(0),
  confidence: z.number().min(0).max(1).nullable(),
  logprobs: z.array(z.number().nullable()),
  tokens: z.array(z.string()).optional(),
  revision: z.string().nullable().optional(),
  parameters: EffectiveGenerationParamsSchema.optional(),
});
export type InferenceOutput = z.infer<typeof CompletionOutputSchema>;

export const InferenceReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: CompletionOutputSchema }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: InferenceErrorCodeSchema, message: z.string() }),
  }),
]);
export type InferenceReply = z.infer<typeof InferenceReplySchema>;

// ---- Chat (`<prefix>.svc.chat.<id>`): the whole conversation in, one assistant message out.

export const ChatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

export const ChatInputSchema = z.object({
  messages: z.array(ChatMessageSchema).min(1),
  maxNewTokens: z.number().int().positive().optional(),
});

export const ChatRequestSchema = z.object({
  queryId: z.string().max(100).optional(),
  modelId: z.number().int().positive(),
  input: ChatInputSchema,
  deadlineAt: z.number().int().positive(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const ChatOutputSchema = z.object({
  completion: z.string(),
  generationTimeMs: z.number().min(0),
  revision: z.string().nullable(),
  parameters: EffectiveGenerationParamsSchema,
});
export type ChatInferenceOutput = z.infer<typeof ChatOutputSchema>;

export const ChatReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: ChatOutputSchema }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: InferenceErrorCodeSchema, message: z.string() }),
  }),
]);
export type ChatReply = z.infer<typeof ChatReplySchema>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeMessage(
  value: InferenceRequest | InferenceReply | ChatRequest | ChatReply,
): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Parses bytes with a schema; returns null when they are not JSON or do not match. */
export function decodeMessage<T>(schema: z.ZodType<T>, bytes: Uint8Array): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(decoder.decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function errorReply(code: InferenceErrorCode, message: string): InferenceReply & ChatReply {
  return { ok: false, error: { code, message } };
}
