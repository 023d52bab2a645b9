// The plugin's chat window (protocol §4.12): one turn's request, its answer (every model's reply and the chat's
// title), and a chat the user deleted. The chat's id is the plugin's own UUID, stable across turns.
import { z } from 'zod';
import { BehavioralTelemetrySchema, ContextSchema, ContextualTelemetrySchema, IsoTime } from './shared.js';
import { GenerationParametersSchema } from './completion.js';

/** The chat's telemetry is optional in the plugin's body: the ids may be missing too. */
export const ChatContextualTelemetrySchema = ContextualTelemetrySchema.extend({
  versionId: z.number().int().positive().nullable(),
  triggerTypeId: z.number().int().positive().nullable(),
  languageId: z.number().int().positive().nullable(),
});

export const ChatRequestedV1 = z
  .object({
    chatId: z.uuid(),
    requestedAt: IsoTime,
    modelIds: z.array(z.number().int()),
    /** The user's new message (the last of the request's history), secrets redacted. Always kept: it is the chat. */
    userMessage: z.string(),
    /** The plugin's system prompt as sent (secrets redacted); null when it sent none. */
    systemPrompt: z.string().nullable(),
    /** How many user and assistant messages came before the new one (the history the models saw). */
    priorMessages: z.number().int().min(0),
    /** The first turn of the chat: the models were asked for a [Title]...[/Title]. */
    firstTurn: z.boolean(),
    /** The editor context sent to the models; null unless store_context (or too large, see contextOmitted). */
    context: ContextSchema.nullable(),
    /** `event_size_limit`: store_context allowed the context, but it did not fit one event. */
    contextOmitted: z.enum(['event_size_limit']).nullable(),
    contextualTelemetry: ChatContextualTelemetrySchema.nullable(),
    behavioralTelemetry: BehavioralTelemetrySchema.nullable(),
    storeContext: z.boolean(),
    storeContextualTelemetry: z.boolean(),
    storeBehavioralTelemetry: z.boolean(),
    webEnabled: z.boolean(),
    /** Per context file sent to the models, the length of its change log; empty unless store_context. */
    multiFileContextChangesIndexes: z.record(z.string(), z.number().int().min(0)),
    serverVersionId: z.number().int(),
    configId: z.number().int().positive().nullable(),
  })
  .strict();

export const ChatResponseSchema = z
  .object({
    modelId: z.number().int(),
    modelName: z.string(),
    status: z.enum(['ok', 'failed']),
    /** The answer with its [Title]...[/Title] taken out, secrets redacted; '' for failures. */
    answer: z.string(),
    /** The title this model gave, if any. */
    modelTitle: z.string().nullable(),
    generationTimeMs: z.number().int().min(0),
    servingTimeMs: z.number().int().min(0),
    modelRevision: z.string().nullable(),
    generation: GenerationParametersSchema,
    error: z.object({ code: z.string(), message: z.string() }).strict().nullable(),
  })
  .strict();

/** The plugin got this answer: appended after chat.requested was acknowledged, before the plugin was answered. */
export const ChatAnsweredV1 = z
  .object({
    chatId: z.uuid(),
    answeredAt: IsoTime,
    /** The chat's title as answered (a model's title on the first turn, else the one the chat has). */
    title: z.string(),
    responses: z.array(ChatResponseSchema),
  })
  .strict();

/** The user deleted the chat: it leaves their listings and the read model; the stream keeps its events. */
export const ChatDeletedV1 = z
  .object({
    chatId: z.uuid(),
    deletedAt: IsoTime,
  })
  .strict();
