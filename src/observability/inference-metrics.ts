// The inference worker's side: how long each model takes per request, how many requests wait on each model of
// this worker (its queue depth), and whether the model is available.
import { Gauge, Histogram, type Registry } from 'prom-client';
import { MODEL_LATENCY_BUCKETS, type ModelCallKind } from './model-metrics.js';
import { oncePerRegistry } from './once-per-registry.js';

export interface InferenceWorkerMetrics {
  received(model: number, kind: ModelCallKind): void;
  /** `outcome`: ok or the error code of the reply. */
  answered(model: number, kind: ModelCallKind, seconds: number, outcome: string): void;
  setAvailable(model: number, available: boolean): void;
}

export const ensureInferenceWorkerMetrics = oncePerRegistry((registry: Registry): InferenceWorkerMetrics => {
  const registers = [registry];
  const pending = new Gauge({
    name: 'c4m_inference_pending_requests',
    help: 'Requests this inference worker has received and not yet answered, by model id and kind',
    labelNames: ['model', 'kind'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'c4m_inference_duration_seconds',
    help: 'Time this inference worker took to answer, by model id, kind and outcome (ok or the error code)',
    labelNames: ['model', 'kind', 'outcome'] as const,
    buckets: MODEL_LATENCY_BUCKETS,
    registers,
  });
  const available = new Gauge({
    name: 'c4m_model_available',
    help: 'Whether the model is warmed up and answering on this worker (1) or unavailable (0)',
    labelNames: ['model'] as const,
    registers,
  });
  return {
    received(model, kind) {
      pending.inc({ model: String(model), kind });
    },
    answered(model, kind, seconds, outcome) {
      pending.dec({ model: String(model), kind });
      duration.observe({ model: String(model), kind, outcome }, seconds);
    },
    setAvailable(model, up) {
      available.set({ model: String(model) }, up ? 1 : 0);
    },
  };
});
