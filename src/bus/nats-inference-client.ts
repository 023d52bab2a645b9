// The InferenceClient over NATS request-reply, through the connection's reply multiplexer (reply-mux.ts): one request
// to the model's service subject (completions) or chat subject (chat), answered by one worker of its queue group.
// The request's timeout is its deadline (plus a little grace, so the worker's own deadline_exceeded answer arrives
// first); no responders, timeouts and bad replies come back as values.
import { NoRespondersError, TimeoutError, type NatsConnection } from '@nats-io/nats-core';
import type { z } from 'zod';
import { chatModelSubject, modelSubject } from '../../events/index.js';
import type { ChatInput, CompletionInput } from '../inference/model-backend.js';
import {
  ChatReplySchema,
  decodeMessage,
  encodeMessage,
  InferenceReplySchema,
  type ChatReply,
  type InferenceReply,
} from '../inference/protocol.js';
import type { ChatResult, InferenceClient, InferenceResult } from './inference-client.js';
import { replyMuxOf } from './reply-mux.js';

/** Extra wait beyond the deadline for the worker's answer to travel back. */
const REPLY_GRACE_MS = 250;

type Failure = { ok: false; error: { code: string; message: string }; elapsedMs: number };

export function createNatsInferenceClient(nc: NatsConnection, prefix: string): InferenceClient {
  const request = replyMuxOf(nc);
  /** One request-reply round; `subject` and `schema` say which endpoint (completion or chat). */
  async function ask<R extends InferenceReply | ChatReply>(
    subject: string,
    schema: z.ZodType<R>,
    modelId: number,
    input: CompletionInput | ChatInput,
    deadlineMs: number,
    queryId: string | undefined,
  ): Promise<(R & { elapsedMs: number }) | Failure> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const budget = Math.max(1, Math.floor(deadlineMs));
    const fail = (code: string, message: string): Failure => ({
      ok: false,
      error: { code, message },
      elapsedMs: elapsed(),
    });
    try {
      const payload = encodeMessage({
        ...(queryId ? { queryId } : {}),
        modelId,
        input,
        deadlineAt: Date.now() + budget,
      } as Parameters<typeof encodeMessage>[0]);
      const msg = await request(subject, payload, { timeout: budget + REPLY_GRACE_MS });
      const reply = decodeMessage(schema, msg.data);
      if (!reply) return fail('model_failed', `model ${modelId}: malformed reply from worker`);
      return { ...reply, elapsedMs: elapsed() };
    } catch (err) {
      if (isNoResponders(err))
        return fail('model_unavailable', `no inference worker serves model ${modelId}`);
      if (isTimeout(err)) return fail('deadline_exceeded', `model ${modelId} did not answer in time`);
      return fail('model_failed', `model ${modelId}: ${(err as Error).message}`);
    }
  }

  return {
    complete: (modelId, input, deadlineMs, options = {}): Promise<InferenceResult> =>
      ask(modelSubject(prefix, modelId), InferenceReplySchema, modelId, input, deadlineMs, options.queryId),
    chat: (modelId, input, deadlineMs, options = {}): Promise<ChatResult> =>
      ask(chatModelSubject(prefix, modelId), ChatReplySchema, modelId, input, deadlineMs, options.queryId),
  };
}

function isNoResponders(err: unknown): boolean {
  if (err instanceof NoRespondersError) return true;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof NoRespondersError || /no responders/i.test(String((err as Error)?.message));
}

function isTimeout(err: unknown): boolean {
  return err instanceof TimeoutError || (err as { cause?: unknown } | null)?.cause instanceof TimeoutError;
}
