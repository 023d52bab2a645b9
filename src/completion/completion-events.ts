// Pure builders of the completion events and of the plugin's completion items from model results.
import type { EventDataMap } from '../../events/index.js';
import type { InferenceResult } from '../bus/inference-client.js';
import { redactSecrets } from '../privacy/redact-secrets.js';
import type { PreparedInput } from './build-completion-input.js';
import type { CompletionItem, CompletionRequestBody } from './request-schemas.js';

export interface ModelResult {
  modelId: number;
  modelName: string;
  result: InferenceResult;
  /** Milliseconds from the request's arrival until this model's answer was in. */
  servingTimeMs: number;
}

export function requestedEventData(
  body: CompletionRequestBody,
  prepared: PreparedInput,
  modelIds: number[],
  requestedAt: Date,
  serverVersionId: number,
): EventDataMap['completion.requested'] {
  const storeContext = body.store_context ?? false;
  const storeContextual = body.store_contextual_telemetry ?? true;
  const storeBehavioral = body.store_behavioral_telemetry ?? true;
  const ct = body.contextual_telemetry;
  const bt = body.behavioral_telemetry ?? {};
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v));
  return {
    requestedAt: requestedAt.toISOString(),
    modelIds,
    context: storeContext
      ? {
          prefix: prepared.input.prefix,
          suffix: prepared.input.suffix,
          fileName: body.context.file_name ?? null,
          selectedText: prepared.selectedText,
          contextFiles: body.context.context_files ?? [],
        }
      : null,
    contextualTelemetry: storeContextual
      ? {
          versionId: ct.version_id,
          triggerTypeId: ct.trigger_type_id,
          languageId: ct.language_id,
          filePath: ct.file_path ?? null,
          caretLine: ct.caret_line ?? null,
          documentCharLength: ct.document_char_length ?? null,
          relativeDocumentPosition: ct.relative_document_position ?? null,
        }
      : null,
    behavioralTelemetry: storeBehavioral
      ? {
          timeSinceLastShown: ms(bt.time_since_last_shown),
          timeSinceLastAccepted: ms(bt.time_since_last_accepted),
          typingSpeed: bt.typing_speed ?? null,
        }
      : null,
    storeContext,
    storeContextualTelemetry: storeContextual,
    storeBehavioralTelemetry: storeBehavioral,
    multiFileContextChangesIndexes: prepared.changeIndexes,
    stopSequences: prepared.input.stopSequences,
    serverVersionId,
  };
}

/** The completion as shown: secrets that the model produced are redacted too. */
export function shownCompletion(r: ModelResult): CompletionItem | null {
  if (!r.result.ok) return null;
  const out = r.result.output;
  return {
    model_id: r.modelId,
    model_name: r.modelName,
    completion: redactSecrets(out.completion),
    generation_time: Math.max(0, Math.round(out.generationTimeMs)),
    confidence: clamp01(out.confidence),
  };
}

/** One completion.generated per model; `shownAt` is when the answer holding it was sent (null for failures). */
export function generatedEventData(
  r: ModelResult,
  shownAt: Date | null,
): EventDataMap['completion.generated'] {
  const base = {
    modelId: r.modelId,
    modelName: r.modelName,
    servingTimeMs: Math.max(0, Math.round(r.servingTimeMs)),
  };
  const item = shownCompletion(r);
  if (!r.result.ok || !item) {
    const error = r.result.ok ? { code: 'model_failed', message: 'no output' } : r.result.error;
    return {
      ...base,
      status: 'failed',
      completion: '',
      generationTimeMs: Math.max(0, Math.round(r.result.elapsedMs)),
      confidence: 0,
      logprobs: [],
      shownAt: null,
      error: { code: error.code, message: error.message.slice(0, 500) },
    };
  }
  return {
    ...base,
    status: 'ok',
    completion: item.completion,
    generationTimeMs: item.generation_time,
    confidence: item.confidence,
    logprobs: r.result.output.logprobs.filter((x) => Number.isFinite(x)),
    shownAt: (shownAt ?? new Date()).toISOString(),
    error: null,
  };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
