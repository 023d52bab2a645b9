// Binds model backends to NATS: one @nats-io/services service with one endpoint per model on
// `<prefix>.svc.model.<id>` (and, for chat models, one on `<prefix>.svc.chat.<id>`), all in one queue group, so
// every extra worker adds capacity. Backends are warmed up before the service joins; one that cannot warm up
// still answers, with model_unavailable at once.
import type { NatsConnection } from '@nats-io/nats-core';
import { Svcm, type Service, type ServiceMsg } from '@nats-io/services';
import { chatModelSubject, modelSubject } from '../../../events/index.js';
import type { Logger } from '../../platform/logger.js';
import { ModelUnavailableError, type ModelBackend } from '../model-backend.js';
import {
  ChatRequestSchema,
  decodeMessage,
  encodeMessage,
  errorReply,
  InferenceRequestSchema,
  type ChatReply,
  type InferenceReply,
} from '../protocol.js';
import { runWithDeadline } from './run-with-deadline.js';
import type { InferenceWorkerMetrics } from '../../observability/index.js';

export const INFERENCE_QUEUE_GROUP = 'code4me-inference';

export interface InferenceWorkerOptions {
  nc: NatsConnection;
  prefix: string;
  backends: Map<number, ModelBackend>;
  /** Models that have no backend at all (it could not be built), with the reason. */
  unavailable?: Map<number, string>;
  logger: Logger;
  /** How often an unavailable backend retries its warm-up (default 30 s; 0 disables). */
  rewarmIntervalMs?: number;
  /** Models of kind `chat`: each also gets a chat endpoint. */
  chatModelIds?: readonly number[];
  /** Queue depth, answer times and availability per model (ensureInferenceWorkerMetrics); none when absent. */
  metrics?: InferenceWorkerMetrics;
}

export interface InferenceWorker {
  /** Model ids with an endpoint on this worker. */
  readonly modelIds: number[];
  /** Why each currently unavailable model is unavailable. */
  readonly unavailable: ReadonlyMap<number, string>;
  close(): Promise<void>;
}

export async function createInferenceWorker(opts: InferenceWorkerOptions): Promise<InferenceWorker> {
  const { nc, prefix, backends, logger } = opts;
  const unavailable = new Map(opts.unavailable ?? []);
  const metrics = opts.metrics;
  for (const id of unavailable.keys()) metrics?.setAvailable(id, false);
  // A model that stays down is logged once when it goes down and once when it comes back; the retries between
  // (every rewarmIntervalMs) log at debug only.
  const warm = async (id: number, backend: ModelBackend): Promise<void> => {
    const wasDown = unavailable.has(id);
    try {
      await backend.warmup();
      unavailable.delete(id);
      metrics?.setAvailable(id, true);
      if (wasDown) logger.info({ modelId: id }, 'model available again');
    } catch (err) {
      const reason = (err as Error).message;
      unavailable.set(id, reason);
      metrics?.setAvailable(id, false);
      if (wasDown) logger.debug({ modelId: id, err: reason }, 'model still unavailable');
      else logger.warn({ modelId: id, err: reason }, 'model unavailable: warm-up failed (retrying quietly)');
    }
  };
  await Promise.all([...backends].map(([id, b]) => warm(id, b)));

  const handle = async (
    id: number,
    msg: ServiceMsg,
    run: (id: number, data: Uint8Array) => Promise<InferenceReply | ChatReply>,
    kind: 'completion' | 'chat',
  ): Promise<void> => {
    let reply: InferenceReply | ChatReply;
    metrics?.received(id, kind);
    const t0 = performance.now();
    try {
      reply = await run(id, msg.data);
    } catch (err) {
      reply = errorReply('model_failed', `model ${id} failed: ${(err as Error).message}`);
    }
    metrics?.answered(id, kind, (performance.now() - t0) / 1000, reply.ok ? 'ok' : reply.error.code);
    try {
      msg.respond(encodeMessage(reply));
    } catch (err) {
      // The connection closed while the model ran (shutdown): the client reports its own timeout.
      logger.warn({ modelId: id, err: (err as Error).message }, 'could not send inference reply');
    }
  };
  const answer = async (id: number, data: Uint8Array): Promise<InferenceReply> => {
    const req = decodeMessage(InferenceRequestSchema, data);
    if (!req || req.modelId !== id) return errorReply('bad_request', 'malformed inference request');
    const backend = backends.get(id);
    const reason = unavailable.get(id);
    if (!backend || reason !== undefined)
      return errorReply('model_unavailable', reason ?? `model ${id} has no backend`);
    const result = await runWithDeadline((signal) => backend.complete(req.input, signal), req.deadlineAt);
    if (result.ok)
      return { ok: true, output: { ...result.value, confidence: clamp01(result.value.confidence) } };
    if (result.reason === 'deadline')
      return errorReply('deadline_exceeded', `model ${id} missed its deadline`);
    if (result.error instanceof ModelUnavailableError)
      return errorReply('model_unavailable', result.error.message);
    logger.warn({ modelId: id, queryId: req.queryId, err: String(result.error) }, 'model failed');
    return errorReply(
      'model_failed',
      `model ${id} failed: ${String((result.error as Error)?.message ?? result.error)}`,
    );
  };

  const answerChat = async (id: number, data: Uint8Array): Promise<ChatReply> => {
    const req = decodeMessage(ChatRequestSchema, data);
    if (!req || req.modelId !== id) return errorReply('bad_request', 'malformed chat request');
    const backend = backends.get(id);
    const reason = unavailable.get(id);
    if (!backend || reason !== undefined)
      return errorReply('model_unavailable', reason ?? `model ${id} has no backend`);
    const chat = backend.chat?.bind(backend);
    if (!chat) return errorReply('model_unavailable', `model ${id} has no chat backend`);
    const result = await runWithDeadline((signal) => chat(req.input, signal), req.deadlineAt);
    if (result.ok) return { ok: true, output: result.value };
    if (result.reason === 'deadline')
      return errorReply('deadline_exceeded', `model ${id} missed its deadline`);
    if (result.error instanceof ModelUnavailableError)
      return errorReply('model_unavailable', result.error.message);
    logger.warn({ modelId: id, queryId: req.queryId, err: String(result.error) }, 'chat model failed');
    return errorReply(
      'model_failed',
      `model ${id} failed: ${String((result.error as Error)?.message ?? result.error)}`,
    );
  };

  const service: Service = await new Svcm(nc).add({
    name: 'code4me-inference',
    version: '0.1.0',
    description: 'Code completion models',
    queue: INFERENCE_QUEUE_GROUP,
  });
  const modelIds = [...new Set([...backends.keys(), ...unavailable.keys()])].sort((a, b) => a - b);
  for (const id of modelIds) {
    service.addEndpoint(`model-${id}`, {
      subject: modelSubject(prefix, id),
      metadata: { modelId: String(id) },
      handler: (err, msg) => {
        if (err) return logger.error({ err, modelId: id }, 'inference endpoint stopped');
        void handle(id, msg, answer, 'completion');
      },
    });
  }
  for (const id of modelIds.filter((m) => opts.chatModelIds?.includes(m))) {
    service.addEndpoint(`chat-${id}`, {
      subject: chatModelSubject(prefix, id),
      metadata: { modelId: String(id), kind: 'chat' },
      handler: (err, msg) => {
        if (err) return logger.error({ err, modelId: id }, 'chat endpoint stopped');
        void handle(id, msg, answerChat, 'chat');
      },
    });
  }

  const rewarmMs = opts.rewarmIntervalMs ?? 30_000;
  const rewarm =
    rewarmMs > 0
      ? setInterval(() => {
          for (const id of unavailable.keys()) {
            const b = backends.get(id);
            if (b) void warm(id, b);
          }
        }, rewarmMs)
      : undefined;
  rewarm?.unref();

  logger.info({ modelIds, unavailable: [...unavailable.keys()] }, 'inference worker joined');
  return {
    modelIds,
    unavailable,
    close: async () => {
      if (rewarm) clearInterval(rewarm);
      await service.stop();
      await Promise.allSettled([...backends.values()].map((b) => b.close()));
    },
  };
}

/** A confidence outside [0, 1] is clamped; one that is missing or not a number stays unknown (null). */
function clamp01(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : null;
}
