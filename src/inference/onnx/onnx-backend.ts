// The in-process ONNX backend: a registry entry's model folder served through the engine. Loading is lazy
// and retried after failure (weights may land later); any load failure is "model unavailable", not a crash.
import {
  ModelUnavailableError,
  type CompletionInput,
  type CompletionOutput,
  type ModelBackend,
} from '../model-backend.js';
import type { ModelEntry } from '../model-registry.js';
import { loadFolderRevision } from '../model-revision.js';
import { buildPrompt, type PromptMode } from '../prompt/index.js';
import { loadOnnxEngine, type OnnxEngine } from './onnx-engine.js';
import type { GenerationRequest } from './sequence.js';
import { mergeStops } from './stop-sequences.js';
import { healPrompt } from './token-healing.js';

export type OnnxModelEntry = Extract<ModelEntry, { backend: 'onnx' }>;

export interface OnnxBackendOptions {
  /** intraOpNumThreads of the session (default 2). */
  threads?: number | undefined;
  /** Shorthand for executionProviders: 'cuda' means ['cuda', 'cpu']. */
  executionProvider?: 'cpu' | 'cuda' | undefined;
  /** onnxruntime execution providers in order of preference; wins over `executionProvider`. */
  executionProviders?: string[] | undefined;
  /** Most concurrent requests decoded in one batch (default 8). */
  maxBatch?: number | undefined;
  /** For the `code4me` format: overrides the entry's `promptMode`. */
  promptMode?: PromptMode | undefined;
  /** Fixes the sampling RNG (tests); only matters when the entry's temperature is above 0. */
  seed?: number | undefined;
}

export function createOnnxBackend(entry: OnnxModelEntry, options: OnnxBackendOptions = {}): ModelBackend {
  const engine = lazyEngine(entry, options);
  const mode = options.promptMode ?? promptModeOf(entry);
  const revision = loadFolderRevision(entry.path, entry.revision);
  let requests = 0;
  const complete = async (input: CompletionInput, signal: AbortSignal): Promise<CompletionOutput> => {
    const started = performance.now();
    const e = await engine.get();
    signal.throwIfAborted();
    const seed = options.seed === undefined ? undefined : options.seed + requests++;
    const request = generationRequest(entry, e, input, mode, seed);
    const result = await e.scheduler.submit(request, signal);
    return {
      completion: result.text,
      generationTimeMs: performance.now() - started,
      confidence: result.confidence,
      tokens: result.tokens.map((id) => e.tokenizer.decode([id])),
      logprobs: result.logprobs,
      revision,
      parameters: {
        maxNewTokens: request.maxNewTokens,
        temperature: request.sampling.temperature,
        topP: request.sampling.topP,
        stop: request.stops,
      },
    };
  };
  return {
    warmup: async () => {
      await engine.get();
      const input = {
        prefix: 'def main():\n    ',
        suffix: '',
        fileName: 'main.py',
        contextFiles: [],
        stopSequences: [],
      };
      await complete({ ...input, maxNewTokens: 4 }, AbortSignal.timeout(30_000));
    },
    complete,
    close: () => engine.close(),
  };
}

/** Loads the engine on first use; a failed load is reported as unavailable and retried on the next call. */
function lazyEngine(
  entry: OnnxModelEntry,
  options: OnnxBackendOptions,
): { get(): Promise<OnnxEngine>; close(): Promise<void> } {
  let loading: Promise<OnnxEngine> | undefined;
  const get = (): Promise<OnnxEngine> => {
    loading ??= loadOnnxEngine(entry.path, {
      threads: options.threads,
      executionProviders: options.executionProviders ?? providersFor(options.executionProvider),
      maxBatch: options.maxBatch,
    }).catch((error: unknown) => {
      loading = undefined;
      if (error instanceof ModelUnavailableError) throw error;
      throw new ModelUnavailableError(`model ${entry.name} failed to load: ${(error as Error).message}`);
    });
    return loading;
  };
  const close = async (): Promise<void> => {
    const e = await loading?.catch(() => undefined);
    loading = undefined;
    await e?.close();
  };
  return { get, close };
}

function generationRequest(
  entry: OnnxModelEntry,
  e: OnnxEngine,
  input: CompletionInput,
  mode: PromptMode,
  seed: number | undefined,
): GenerationRequest {
  const context = Math.min(entry.contextLength, e.model.config.maxPositions ?? Infinity);
  const maxNewTokens = Math.max(
    1,
    Math.min(input.maxNewTokens ?? entry.generation.maxNewTokens, context - 1),
  );
  const prompt = buildPrompt(entry.promptFormat, input, e.tokenizer, {
    budget: context - maxNewTokens,
    mode,
  });
  const healed = prompt.healable
    ? healPrompt(prompt.ids, e.tokenizer.tokenBytes, e.tokenizer.specialIds)
    : { ids: prompt.ids, residual: new Uint8Array(0) };
  // An empty file still needs one position to predict from: the document separator the model was trained with.
  const start = e.tokenizer.bosId ?? e.tokenizer.eosId ?? 0;
  return {
    promptIds: healed.ids.length > 0 ? healed.ids : [start],
    residual: healed.residual,
    maxNewTokens,
    sampling: { temperature: entry.generation.temperature, topP: entry.generation.topP },
    stops: mergeStops(entry.generation.stop, input.stopSequences),
    seed,
  };
}

function providersFor(provider: 'cpu' | 'cuda' | undefined): string[] {
  return provider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'];
}

/** The registry entry's prompt mode; left-to-right with token healing unless it asks for FIM. */
function promptModeOf(entry: OnnxModelEntry): PromptMode {
  return entry.promptMode ?? 'left-to-right';
}
