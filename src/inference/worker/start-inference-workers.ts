// Entry point of the inference role: connects to NATS, builds a backend per served model (config
// inferenceModels, or every model of the registry), warms them up and joins the models' queue group.
import { connect } from '@nats-io/transport-node';
import type { Config } from '../../platform/config.js';
import type { Logger } from '../../platform/logger.js';
import { natsConnectOptions } from '../../platform/nats.js';
import { loadModelRegistry, type ModelEntry } from '../model-registry.js';
import type { ModelBackend } from '../model-backend.js';
import { createBackend } from '../backends/create-backend.js';
import { createInferenceWorker } from './create-inference-worker.js';
import {
  ensureInferenceWorkerMetrics,
  natsReadiness,
  type Observability,
} from '../../observability/index.js';

export interface StartedInferenceWorkers {
  /** The models answering now, and those that are not (with why), as of the warm-up. */
  serving: ReadonlyArray<{ id: number; name: string }>;
  unavailable: ReadonlyArray<{ id: number; name: string; reason: string }>;
  close(): Promise<void>;
}

/** `observability`: where the workers' metrics and NATS readiness check go (none when absent). */
export async function startInferenceWorkers(
  config: Config,
  logger: Logger,
  observability?: Observability,
): Promise<StartedInferenceWorkers> {
  const registry = loadModelRegistry(config.modelRegistryFile);
  const wanted = config.inferenceModels;
  const entries = registry.models.filter((m) => wanted.length === 0 || wanted.includes(m.id));
  const missing = wanted.filter((id) => !registry.models.some((m) => m.id === id));
  if (missing.length > 0)
    throw new Error(`C4M_INFERENCE_MODELS names models not in the registry: ${missing.join(',')}`);

  const { backends, unavailable } = buildBackends(entries, config, logger);
  const nc = await connect(natsConnectOptions(config.natsUrl, 'code4me-inference'));
  observability?.addReadinessCheck(natsReadiness('inference', nc));
  try {
    const worker = await createInferenceWorker({
      nc,
      prefix: config.natsPrefix,
      backends,
      unavailable,
      logger,
      chatModelIds: entries.filter((m) => m.kind === 'chat').map((m) => m.id),
      ...(observability ? { metrics: ensureInferenceWorkerMetrics(observability.registry) } : {}),
    });
    const name = (id: number): string => entries.find((m) => m.id === id)?.name ?? `model ${id}`;
    return {
      serving: worker.modelIds
        .filter((id) => !worker.unavailable.has(id))
        .map((id) => ({ id, name: name(id) })),
      unavailable: [...worker.unavailable].map(([id, reason]) => ({ id, name: name(id), reason })),
      close: async () => {
        await worker.close();
        await nc.drain();
      },
    };
  } catch (err) {
    await nc.close();
    throw err;
  }
}

function buildBackends(
  entries: ModelEntry[],
  config: Config,
  logger: Logger,
): { backends: Map<number, ModelBackend>; unavailable: Map<number, string> } {
  const backends = new Map<number, ModelBackend>();
  const unavailable = new Map<number, string>();
  for (const entry of entries) {
    try {
      const backend = createBackend(entry, {
        // Entry point: API keys are named per model in the registry, so they are read from the environment here.
        env: process.env,
        onnxThreads: config.onnxThreads,
        onnxExecutionProvider: config.onnxExecutionProvider,
      });
      backends.set(entry.id, backend);
    } catch (err) {
      unavailable.set(entry.id, `${entry.name}: ${(err as Error).message}`);
      logger.warn({ modelId: entry.id, err: (err as Error).message }, 'model backend could not be built');
    }
  }
  return { backends, unavailable };
}
