// The InferenceClient over NATS request-reply: one request to the model's service subject, answered by one
// worker of its queue group. The request's timeout is its deadline (plus a little grace, so the worker's own
// deadline_exceeded answer arrives first); no responders, timeouts and bad replies come back as values.
import { NoRespondersError, TimeoutError, type NatsConnection } from '@nats-io/nats-core';
import { modelSubject } from '../../events/index.js';
import type { CompletionInput } from '../inference/model-backend.js';
import { decodeMessage, encodeMessage, InferenceReplySchema } from '../inference/protocol.js';
import type { InferenceClient, InferenceResult } from './inference-client.js';

/** Extra wait beyond the deadline for the worker's answer to travel back. */
const REPLY_GRACE_MS = 250;

export function createNatsInferenceClient(nc: NatsConnection, prefix: string): InferenceClient {
  return {
    complete: async (modelId, input: CompletionInput, deadlineMs, options = {}): Promise<InferenceResult> => {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const budget = Math.max(1, Math.floor(deadlineMs));
      const fail = (code: string, message: string): InferenceResult => ({
        ok: false,
        error: { code, message },
        elapsedMs: elapsed(),
      });
      try {
        const payload = encodeMessage({
          ...(options.queryId ? { queryId: options.queryId } : {}),
          modelId,
          input,
          deadlineAt: Date.now() + budget,
        });
        const msg = await nc.request(modelSubject(prefix, modelId), payload, {
          timeout: budget + REPLY_GRACE_MS,
        });
        const reply = decodeMessage(InferenceReplySchema, msg.data);
        if (!reply) return fail('model_failed', `model ${modelId}: malformed reply from worker`);
        if (!reply.ok) return { ok: false, error: reply.error, elapsedMs: elapsed() };
        return { ok: true, output: reply.output, elapsedMs: elapsed() };
      } catch (err) {
        if (isNoResponders(err))
          return fail('model_unavailable', `no inference worker serves model ${modelId}`);
        if (isTimeout(err)) return fail('deadline_exceeded', `model ${modelId} did not answer in time`);
        return fail('model_failed', `model ${modelId}: ${(err as Error).message}`);
      }
    },
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
