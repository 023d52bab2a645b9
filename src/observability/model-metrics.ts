// Model calls as the API sees them (NATS round trip included): latency and failures per model, and the requests
// waiting for an answer. withModelMetrics wraps the API's inference port so every call is counted.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { InferenceClient } from '../bus/inference-client.js';
import { oncePerRegistry } from './once-per-registry.js';

export type ModelCallKind = 'completion' | 'chat';

export const MODEL_LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15];

export interface ModelMetrics {
  started(model: number, kind: ModelCallKind): void;
  /** `failure` is the result's error code (model_unavailable, deadline_exceeded, model_failed, …). */
  finished(model: number, kind: ModelCallKind, seconds: number, failure?: string): void;
}

export const ensureModelMetrics = oncePerRegistry((registry: Registry): ModelMetrics => {
  const registers = [registry];
  const duration = new Histogram({
    name: 'c4m_model_request_duration_seconds',
    help: 'Time the API waited for a model, by model id, kind and outcome (ok or the error code)',
    labelNames: ['model', 'kind', 'outcome'] as const,
    buckets: MODEL_LATENCY_BUCKETS,
    registers,
  });
  const failures = new Counter({
    name: 'c4m_model_failures_total',
    help: 'Model requests that failed or missed their deadline, by model id, kind and error code',
    labelNames: ['model', 'kind', 'code'] as const,
    registers,
  });
  const inFlight = new Gauge({
    name: 'c4m_model_requests_in_flight',
    help: 'Model requests this API process has sent and not yet had answered, by model id and kind',
    labelNames: ['model', 'kind'] as const,
    registers,
  });
  return {
    started(model, kind) {
      inFlight.inc({ model: String(model), kind });
    },
    finished(model, kind, seconds, failure) {
      const m = String(model);
      inFlight.dec({ model: m, kind });
      duration.observe({ model: m, kind, outcome: failure ?? 'ok' }, seconds);
      if (failure !== undefined) failures.inc({ model: m, kind, code: failure });
    },
  };
});

/** The same port, with each call timed and its failure counted. */
export function withModelMetrics(client: InferenceClient, metrics: ModelMetrics): InferenceClient {
  const timed = async <R extends { ok: boolean; error?: { code: string } }>(
    model: number,
    kind: ModelCallKind,
    call: () => Promise<R>,
  ): Promise<R> => {
    metrics.started(model, kind);
    const t0 = performance.now();
    let failure: string | undefined = 'model_failed';
    try {
      const result = await call();
      failure = result.ok ? undefined : (result.error?.code ?? 'model_failed');
      return result;
    } finally {
      metrics.finished(model, kind, (performance.now() - t0) / 1000, failure);
    }
  };
  const chat = client.chat?.bind(client);
  return {
    complete: (model, input, deadlineMs, options) =>
      timed(model, 'completion', () => client.complete(model, input, deadlineMs, options)),
    ...(chat
      ? {
          chat: (model, input, deadlineMs, options) =>
            timed(model, 'chat', () => chat(model, input, deadlineMs, options)),
        }
      : {}),
  };
}
