// Pure builders of the chat events and of the plugin's assistant responses from the models' results. What the
// request's store_* flags did not allow is left out; secrets are redacted in everything kept.
import type { EventDataMap } from '../../events/index.js';
import type { ChatResult } from '../bus/inference-client.js';
import type { EffectiveGenerationParams } from '../inference/model-backend.js';
import type { PreparedInput } from '../completion/index.js';
import { toStorableText } from '../platform/storable-text.js';
import { redactSecrets } from '../privacy/redact-secrets.js';
import type { ChatPrompt } from './chat-prompt.js';
import { parseTitle } from './chat-title.js';
import type { ChatRequestBody, ChatResponseItem } from './request-schemas.js';

type Requested = EventDataMap['chat.requested'];
export type ChatResponseData = EventDataMap['chat.answered']['responses'][number];

export interface ChatModelResult {
  modelId: number;
  modelName: string;
  result: ChatResult;
  servingTimeMs: number;
  deadlineMs: number;
  configured: EffectiveGenerationParams;
}

export interface ChatFacts {
  chatId: string;
  modelIds: number[];
  requestedAt: Date;
  firstTurn: boolean;
  serverVersionId: number;
  configId: number | null;
}

export function chatRequestedData(
  body: ChatRequestBody,
  prompt: ChatPrompt,
  prepared: PreparedInput | null,
  facts: ChatFacts,
): Requested {
  const storeContext = body.store_context ?? false;
  const storeContextual = body.store_contextual_telemetry ?? true;
  const storeBehavioral = body.store_behavioral_telemetry ?? true;
  const kept = storeContext && prepared !== null && body.context ? prepared : null;
  return {
    chatId: facts.chatId.toLowerCase(),
    requestedAt: facts.requestedAt.toISOString(),
    modelIds: facts.modelIds,
    userMessage: prompt.userMessage,
    systemPrompt: prompt.systemPrompt,
    priorMessages: prompt.priorMessages,
    firstTurn: facts.firstTurn,
    context: kept ? keptContext(body, kept) : null,
    contextOmitted: null,
    contextualTelemetry: storeContextual ? contextualTelemetry(body) : null,
    behavioralTelemetry: storeBehavioral ? behavioralTelemetry(body) : null,
    storeContext,
    storeContextualTelemetry: storeContextual,
    storeBehavioralTelemetry: storeBehavioral,
    webEnabled: body.web_enabled ?? false,
    multiFileContextChangesIndexes: kept ? kept.changeIndexes : {},
    serverVersionId: facts.serverVersionId,
    configId: facts.configId,
  };
}

/** The editor context as the models got it (secrets redacted). */
function keptContext(body: ChatRequestBody, prepared: PreparedInput): NonNullable<Requested['context']> {
  return {
    prefix: prepared.input.prefix,
    suffix: prepared.input.suffix,
    fileName: body.context?.file_name ?? null,
    selectedText: prepared.selectedText,
    contextFiles: body.context?.context_files ?? [],
  };
}

function contextualTelemetry(body: ChatRequestBody): Requested['contextualTelemetry'] {
  const ct = body.contextual_telemetry;
  if (!ct) return null;
  return {
    versionId: ct.version_id ?? null,
    triggerTypeId: ct.trigger_type_id ?? null,
    languageId: ct.language_id ?? null,
    filePath: ct.file_path ?? null,
    caretLine: ct.caret_line ?? null,
    documentCharLength: ct.document_char_length ?? null,
    relativeDocumentPosition: ct.relative_document_position ?? null,
  };
}

function behavioralTelemetry(body: ChatRequestBody): Requested['behavioralTelemetry'] {
  const bt = body.behavioral_telemetry;
  if (!bt) return null;
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v));
  return {
    timeSinceLastShown: ms(bt.time_since_last_shown),
    timeSinceLastAccepted: ms(bt.time_since_last_accepted),
    typingSpeed: bt.typing_speed ?? null,
  };
}

/** One model's response as recorded: the answer without its title, redacted; failures with their error. */
export function chatResponseData(r: ChatModelResult): ChatResponseData {
  const base = {
    modelId: r.modelId,
    modelName: r.modelName,
    servingTimeMs: Math.max(0, Math.round(r.servingTimeMs)),
  };
  const generation = (reported?: EffectiveGenerationParams) => ({
    ...(reported ?? r.configured),
    deadlineMs: Math.max(1, Math.round(r.deadlineMs)),
  });
  if (!r.result.ok) {
    return {
      ...base,
      status: 'failed',
      answer: '',
      modelTitle: null,
      generationTimeMs: Math.max(0, Math.round(r.result.elapsedMs)),
      modelRevision: null,
      generation: generation(),
      error: { code: r.result.error.code, message: toStorableText(r.result.error.message.slice(0, 500)) },
    };
  }
  const out = r.result.output;
  const { text, title } = parseTitle(toStorableText(redactSecrets(out.completion)));
  return {
    ...base,
    status: 'ok',
    answer: text,
    modelTitle: title,
    generationTimeMs: Math.max(0, Math.round(out.generationTimeMs)),
    modelRevision: out.revision,
    generation: generation(out.parameters),
    error: null,
  };
}

/** The plugin's assistant response: an answer, or a failure in the same keys with a text the user can read. */
export function chatResponseItem(r: ChatResponseData): ChatResponseItem {
  const item = {
    model_id: r.modelId,
    model_name: r.modelName,
    generation_time: r.generationTimeMs,
    confidence: 0,
    was_accepted: false,
  };
  if (r.status === 'ok' || !r.error) return { ...item, completion: r.answer };
  const message = failureText(r, r.error);
  return { ...item, completion: message, message, error_code: r.error.code };
}

function failureText(r: ChatResponseData, error: { code: string; message: string }): string {
  const model = r.modelName;
  switch (error.code) {
    case 'model_unavailable':
      return `The chat model ${model} is not available right now (no chat server is answering for it). Please try again later.`;
    case 'deadline_exceeded':
      return `The chat model ${model} did not answer within ${Math.round(r.generation.deadlineMs / 1000)} seconds. Please try again.`;
    case 'unknown_model':
      return `This server has no model with id ${r.modelId}: choose a chat model in the Code4Me settings.`;
    case 'not_a_chat_model':
      return `${model} is not a chat model: choose a chat model in the Code4Me settings.`;
    default:
      return `The chat model ${model} failed to answer (${error.code}). Please try again.`;
  }
}
