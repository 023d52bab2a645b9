// The data of the generated completion events (version 1 shapes): a request with its context and telemetry
// as the plugin sends them, a shown generation with its tokens' log-probabilities, a failed one.
import type { z } from 'zod';
import type { CompletionGeneratedV1, CompletionRequestedV1 } from '../../events/types/completion.js';
import type { MixRandom, MixText } from './mix-content.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function requestedData(
  rng: MixRandom,
  text: MixText,
  at: number,
  models: [number, string][],
): z.infer<typeof CompletionRequestedV1> {
  const storeContext = rng.chance(0.6);
  const indexes: Record<string, number> = {};
  for (let i = rng.int(0, 3); i > 0; i--) indexes[text.filePath()] = rng.int(0, 50);
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
    contextualTelemetry: rng.chance(0.9)
      ? {
          versionId: rng.int(1, 4),
          triggerTypeId: rng.int(1, 3),
          languageId: rng.int(1, 180),
          filePath: rng.chance(0.9) ? text.filePath() : null,
          caretLine: rng.chance(0.9) ? rng.int(0, 3000) : null,
          documentCharLength: rng.chance(0.9) ? rng.int(0, 120_000) : null,
          relativeDocumentPosition: rng.chance(0.9) ? rng.next() : null,
        }
      : null,
    behavioralTelemetry: rng.chance(0.85)
      ? {
          timeSinceLastShown: rng.chance(0.9) ? rng.int(0, 600_000) : null,
          timeSinceLastAccepted: rng.chance(0.7) ? rng.int(0, 3_600_000) : null,
          typingSpeed: rng.chance(0.9) ? Math.round(rng.next() * 1000) / 100 : null,
        }
      : null,
    storeContext,
    storeContextualTelemetry: true,
    storeBehavioralTelemetry: true,
    multiFileContextChangesIndexes: indexes,
    stopSequences: ['\n\n'],
    serverVersionId: 1,
  };
}

export function shownData(
  rng: MixRandom,
  text: MixText,
  modelId: number,
  modelName: string,
  serving: number,
): z.infer<typeof CompletionGeneratedV1> {
  const tokens = rng.int(1, 32);
  return {
    modelId,
    modelName,
    status: 'ok',
    completion: text.code(rng.int(5, 120)),
    generationTimeMs: Math.max(0, serving - rng.int(5, 50)),
    confidence: rng.next(),
    logprobs: Array.from({ length: tokens }, () => -rng.next() * 5),
    shownAt: null, // set once the slowest model answered
    servingTimeMs: serving,
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
): z.infer<typeof CompletionGeneratedV1> {
  const code = rng.pick(['deadline', 'model_failed', 'unavailable']);
  return {
    modelId,
    modelName,
    status: 'failed',
    completion: '',
    generationTimeMs: serving,
    confidence: 0,
    logprobs: [],
    shownAt: null,
    servingTimeMs: serving,
    error: {
      code,
      message: nasty ? `model ${modelId}: ${text.line()}` : `model ${modelId} failed`,
    },
  };
}
