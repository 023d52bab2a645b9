// Pure builders of the completion events and of the plugin's completion items from model results.
import type { EventDataMap } from '../../events/index.js';
import type { InferenceResult } from '../bus/inference-client.js';
import type { EffectiveGenerationParams } from '../inference/model-backend.js';
import type { InferenceOutput } from '../inference/protocol.js';
import { toStorableText } from '../platform/storable-text.js';
import { redactSecrets } from '../privacy/redact-secrets.js';
import type { PreparedInput } from './build-completion-input.js';
import type { CompletionItem, CompletionRequestBody } from './request-schemas.js';

export interface ModelResult {
  modelId: number;
  modelName: string;
  result: InferenceResult;
  /** Milliseconds from the request's arrival until this model's answer was in. */
  servingTimeMs: number;
  /** The budget the model was given, in milliseconds. */
  deadlineMs: number;
  /** The registry's parameters for this request: recorded when the worker reports none (failures, old workers). */
  configured: EffectiveGenerationParams;
}

/** What the API knows of a request besides its body. */
export interface RequestFacts {
  modelIds: number[];
  requestedAt: Date;
  serverVersionId: number;
  configId: number | null;
}

/**
 * The plugin requires a number (protocol §4.9, unused by it); a model without a confidence is sent this one,
 * as the Python server does for chat models. The events and tables say null.
 */
export const NO_CONFIDENCE_FOR_PLUGIN = 0;

/** The request's data with every context file's lines; completionRequestedEvent fits them to the size limit. */
export function requestedEventData(
  body: CompletionRequestBody,
  prepared: PreparedInput,
  facts: RequestFacts,
): EventDataMap['completion.requested'] {
  const storeContext = body.store_context ?? false;
  const storeContextual = body.store_contextual_telemetry ?? true;
  const storeBehavioral = body.store_behavioral_telemetry ?? true;
  const ct = body.contextual_telemetry;
  const bt = body.behavioral_telemetry;
  return {
    requestedAt: facts.requestedAt.toISOString(),
    modelIds: facts.modelIds,
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
          timeSinceLastShown: roundedMs(bt?.time_since_last_shown),
          timeSinceLastAccepted: roundedMs(bt?.time_since_last_accepted),
          typingSpeed: bt?.typing_speed ?? null,
        }
      : null,
    storeContext,
    storeContextualTelemetry: storeContextual,
    storeBehavioralTelemetry: storeBehavioral,
    // Its keys are the context files' paths: context, as for chat turns.
    multiFileContextChangesIndexes: storeContext ? prepared.changeIndexes : {},
    stopSequences: prepared.input.stopSequences,
    serverVersionId: facts.serverVersionId,
    configId: facts.configId,
    pluginVersionId: ct.version_id,
    multiFileContext: storeContext ? usedContextFiles(prepared) : null,
  };
}

function roundedMs(v: number | null | undefined): number | null {
  return v === null || v === undefined ? null : Math.round(v);
}

function usedContextFiles(prepared: PreparedInput): EventDataMap['completion.requested']['multiFileContext'] {
  const out: NonNullable<EventDataMap['completion.requested']['multiFileContext']> = {};
  for (const [path, lines] of Object.entries(prepared.contextLines)) {
    out[path] = { changeCount: prepared.changeIndexes[path] ?? 0, lines, omitted: null };
  }
  return out;
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
    confidence: recordedConfidence(out.confidence) ?? NO_CONFIDENCE_FOR_PLUGIN,
  };
}

/**
 * One completion.generated per model. Whether the plugin was shown it is completion.shown's to say. Both
 * outcomes are written field by field in the schema's order: one object shape, no intermediate copies.
 */
export function generatedEventData(r: ModelResult): EventDataMap['completion.generated'] {
  const servingTimeMs = Math.max(0, Math.round(r.servingTimeMs));
  const deadlineMs = Math.max(1, Math.round(r.deadlineMs));
  if (!r.result.ok) {
    return {
      modelId: r.modelId,
      modelName: r.modelName,
      status: 'failed',
      completion: '',
      generationTimeMs: Math.max(0, Math.round(r.result.elapsedMs)),
      confidence: null,
      tokens: [],
      logprobs: [],
      servingTimeMs,
      modelRevision: null,
      generation: generationOf(r.configured, deadlineMs),
      legacyShownAt: null,
      error: { code: r.result.error.code, message: toStorableText(r.result.error.message.slice(0, 500)) },
    };
  }
  const out = r.result.output;
  const completion = redactSecrets(out.completion);
  const logprobs = out.logprobs.map((x) => (x !== null && Number.isFinite(x) ? x : null));
  return {
    modelId: r.modelId,
    modelName: r.modelName,
    status: 'ok',
    completion: toStorableText(completion),
    generationTimeMs: Math.max(0, Math.round(out.generationTimeMs)),
    confidence: recordedConfidence(out.confidence),
    tokens: recordedTokens(out, completion, logprobs.length),
    logprobs,
    servingTimeMs,
    modelRevision: out.revision ?? null,
    generation: generationOf(out.parameters ?? r.configured, deadlineMs),
    legacyShownAt: null,
    error: null,
  };
}

function generationOf(
  p: EffectiveGenerationParams,
  deadlineMs: number,
): EventDataMap['completion.generated']['generation'] {
  return { maxNewTokens: p.maxNewTokens, temperature: p.temperature, topP: p.topP, stop: p.stop, deadlineMs };
}

/**
 * Token texts are kept only beside their log-probabilities (same length) and only when they hold no secret:
 * a secret spans tokens, so they cannot be redacted one by one. Tokens that spell the completion hold a secret
 * exactly when the completion does.
 */
function recordedTokens(out: InferenceOutput, redacted: string, length: number): string[] | null {
  const tokens = out.tokens;
  if (!tokens || tokens.length !== length) return null;
  const text = tokens.join('');
  const clean = text === out.completion ? redacted === text : redactSecrets(text) === text;
  return clean ? tokens.map(toStorableText) : null;
}

/** A confidence outside [0, 1] is clamped; a missing or non-finite one is unknown (null), never invented. */
function recordedConfidence(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : null;
}
