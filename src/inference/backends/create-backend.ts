// Builds the backend a registry entry names. The ONNX engine is imported lazily, on warm-up, so a worker
// that serves only remote or test models never loads onnxruntime.
import { ModelUnavailableError, type ModelBackend } from '../model-backend.js';
import type { ModelEntry } from '../model-registry.js';
import { createOpenAiCompatibleBackend } from './openai-compatible.js';
import { createTestBackend } from './test-models.js';

export interface CreateBackendOptions {
  /** Environment to read API keys from (entries name the variable in `apiKeyEnv`). */
  env?: Record<string, string | undefined>;
  onnxThreads?: number;
  onnxExecutionProvider?: 'cpu' | 'cuda';
}

export function createBackend(entry: ModelEntry, options: CreateBackendOptions = {}): ModelBackend {
  switch (entry.backend) {
    case 'test':
      return createTestBackend(entry.behaviour, entry.generation);
    case 'openai-compatible': {
      const apiKey = entry.apiKeyEnv ? options.env?.[entry.apiKeyEnv] : undefined;
      return createOpenAiCompatibleBackend(entry, apiKey ? { apiKey } : {});
    }
    case 'onnx':
      return lazyBackend(async () => {
        const { createOnnxBackend } = await import('../onnx/onnx-backend.js');
        return createOnnxBackend(entry, {
          threads: options.onnxThreads,
          executionProvider: options.onnxExecutionProvider,
        });
      });
  }
}

/** A backend whose real implementation is built on first warm-up (or first request). */
function lazyBackend(build: () => Promise<ModelBackend>): ModelBackend {
  let real: Promise<ModelBackend> | undefined;
  const get = (): Promise<ModelBackend> => {
    real ??= build().catch((err: unknown) => {
      real = undefined;
      throw err instanceof ModelUnavailableError ? err : new ModelUnavailableError((err as Error).message);
    });
    return real;
  };
  return {
    warmup: async () => (await get()).warmup(),
    complete: async (input, signal) => (await get()).complete(input, signal),
    close: async () => {
      if (real) await (await real.catch(() => undefined))?.close();
    },
  };
}
