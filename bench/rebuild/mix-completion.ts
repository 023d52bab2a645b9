// The data of the generated completion events in their current (v2) shapes: a request with its context,
// telemetry, config, plugin version and multi-file context as the plugin sends them, a generation with its
// tokens beside their log-probabilities (some not finite: null), a failed one; and the v1 shapes older
// writers stored, made from them, so a stream holds both and readers upcast the old ones.
import type { z } from 'zod';
import type {
  CompletionGeneratedV1,
  CompletionGeneratedV2,
  CompletionRequestedV1,
  CompletionRequestedV2,
} from '../../events/types/completion.js';
import type { MixRandom, MixText } from './mix-content.js';

type RequestedV2 = z.infer<typeof CompletionRequestedV2>;
type GeneratedV2 = z.infer<typeof CompletionGeneratedV2>;

const iso = (ms: number) => new Date(ms).toISOString();

export function requestedData(
  rng: MixRandom,
  text: MixText,
  at: number,
  models: [number, string][],
): RequestedV2 {
  const storeContext = rng.chance(0.6);
  const indexes: Record<string, number> = {};
  for (let i = rng.int(0, 3); i > 0; i--) indexes[text.filePath()] = rng.int(0, 50);
  const contextualTelemetry = rng.chance(0.9) ? contextualTelemetryData(rng, text) : null;
  return {
    requestedAt: iso(at),
    modelIds: models.map(([id]) => id),
    context: storeContext
      ? {
          prefix: text.code(rng.int(100, 1500)),
          suffix: text.code(rng.int(0, 400)),
          fileName: rng.chance(0.9) ? text.filePath() : null,
          selectedText: rng.chance(0.1) ? text.line() : null,
          contextFiles: rng.chance(0.3) ? ['*'] : [],
        }
      : null,
    contextualTelemetry,
    behavioralTelemetry: rng.chance(0.85)
      ? {
          timeSinceLastShown: rng.chance(0.9) ? rng.int(0, 600_000) : null,
          timeSinceLastAccepted: rng.chance(0.7) ? rng.int(0, 3_600_000) : null,
          typingSpeed: rng.chance(0.9) ? Math.round(rng.next() * 1000) / 100 : null,
        }
      : null,
    storeContext,
    storeContextualTelemetry: contextualTelemetry !== null,
    storeBehavioralTelemetry: true,
    multiFileContextChangesIndexes: indexes,
    stopSequences: ['\n\n'],
    serverVersionId: 1,
    configId: rng.chance(0.95) ? rng.int(1, 3) : null,
    pluginVersionId: contextualTelemetry?.versionId ?? rng.int(1, 4),
    multiFileContext: storeContext ? contextFiles(rng, text, indexes) : null,
  };
}

function contextualTelemetryData(rng: MixRandom, text: MixText) {
  return {
    versionId: rng.int(1, 4),
    triggerTypeId: rng.int(1, 3),
    languageId: rng.int(1, 180),
    filePath: rng.chance(0.9) ? text.filePath() : null,
    caretLine: rng.chance(0.9) ? rng.int(0, 3000) : null,
    documentCharLength: rng.chance(0.9) ? rng.int(0, 120_000) : null,
    relativeDocumentPosition: rng.chance(0.9) ? rng.next() : null,
  };
}

/** The files the model got: their lines, or (rarely) omitted because they would not fit in one event. */
function contextFiles(rng: MixRandom, text: MixText, indexes: Record<string, number>) {
  const files: NonNullable<RequestedV2['multiFileContext']> = {};
  for (const [path, changeCount] of Object.entries(indexes)) {
    files[path] = rng.chance(0.1)
      ? { changeCount, lines: null, omitted: 'event_size_limit' }
      : {
          changeCount,
          lines: Array.from({ length: rng.int(0, 12) }, () => text.jsonSafeLine()),
          omitted: null,
        };
  }
  return files;
}

const GENERATION = { maxNewTokens: 64, temperature: 0, topP: 1, stop: ['\n\n'], deadlineMs: 5000 };

export function shownData(
  rng: MixRandom,
  text: MixText,
  modelId: number,
  modelName: string,
  serving: number,
): GeneratedV2 {
  const count = rng.int(1, 32);
  const logprobs = Array.from({ length: count }, () => (rng.chance(0.02) ? null : -rng.next() * 5));
  return {
    modelId,
    modelName,
    status: 'ok',
    completion: text.code(rng.int(5, 120)),
    generationTimeMs: Math.max(0, serving - rng.int(5, 50)),
    confidence: rng.chance(0.05) ? null : rng.next(),
    tokens: rng.chance(0.05) ? null : Array.from({ length: count }, () => text.line().slice(0, 12)),
    logprobs,
    servingTimeMs: serving,
    modelRevision: rng.chance(0.1) ? null : `sha256:${modelId}${rng.int(0, 9)}`,
    generation: rng.chance(0.05) ? null : { ...GENERATION, temperature: rng.pick([0, 0.2, 0.7]) },
    legacyShownAt: null, // v2 writers append completion.shown instead
    error: null,
  };
}

export function failedData(
  rng: MixRandom,
  text: MixText,
  nasty: boolean,
  modelId: number,
  modelName: string,
  serving: number,
): GeneratedV2 {
  const code = rng.pick(['deadline', 'model_failed', 'unavailable']);
  return {
    modelId,
    modelName,
    status: 'failed',
    completion: '',
    generationTimeMs: serving,
    confidence: null,
    tokens: null,
    logprobs: [],
    servingTimeMs: serving,
    modelRevision: null,
    generation: rng.chance(0.5) ? GENERATION : null,
    legacyShownAt: null,
    error: {
      code,
      message: nasty ? `model ${modelId}: ${text.line()}` : `model ${modelId} failed`,
    },
  };
}

/** The request as a v1 writer stored it. */
export function requestedV1(d: RequestedV2): z.infer<typeof CompletionRequestedV1> {
  const { configId: _c, pluginVersionId: _p, multiFileContext: _m, ...v1 } = d;
  return v1;
}

/** The generation as a v1 writer stored it: its shown time in the event, no tokens, every logprob finite. */
export function generatedV1(d: GeneratedV2, shownAt: string | null): z.infer<typeof CompletionGeneratedV1> {
  const { tokens: _t, modelRevision: _r, generation: _g, legacyShownAt: _s, ...rest } = d;
  const logprobs = rest.logprobs.map((p) => p ?? -1);
  return { ...rest, confidence: rest.confidence ?? 0, logprobs, shownAt };
}
