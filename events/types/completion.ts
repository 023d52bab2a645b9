// The telemetry of one completion: the request, one generation per model, the answer being shown, and the
// user's feedback.
import { z } from 'zod';
import { BehavioralTelemetrySchema, ContextSchema, ContextualTelemetrySchema, IsoTime } from './shared.js';

export const CompletionRequestedV1 = z
  .object({
    requestedAt: IsoTime,
    modelIds: z.array(z.number().int()),
    /** Null when the request's store_context was false (nothing of the code is kept). */
    context: ContextSchema.nullable(),
    contextualTelemetry: ContextualTelemetrySchema.nullable(),
    behavioralTelemetry: BehavioralTelemetrySchema.nullable(),
    storeContext: z.boolean(),
    storeContextualTelemetry: z.boolean(),
    storeBehavioralTelemetry: z.boolean(),
    /** Per context file, how many changes its log held when the request was served (replays the context). */
    multiFileContextChangesIndexes: z.record(z.string(), z.number().int().min(0)),
    stopSequences: z.array(z.string()),
    serverVersionId: z.number().int(),
  })
  .strict();

export const CompletionGeneratedV1 = z
  .object({
    modelId: z.number().int(),
    modelName: z.string(),
    status: z.enum(['ok', 'failed']),
    completion: z.string(),
    generationTimeMs: z.number().int().min(0),
    confidence: z.number().min(0).max(1),
    logprobs: z.array(z.number()),
    /** When the API handed the completion to the plugin (null for failures, which are never shown). */
    shownAt: IsoTime.nullable(),
    /** Milliseconds from the request's arrival until this model's answer was ready. */
    servingTimeMs: z.number().int().min(0),
    error: z.object({ code: z.string(), message: z.string() }).strict().nullable(),
  })
  .strict();

export const CompletionFeedbackV1 = z
  .object({
    modelId: z.number().int(),
    wasAccepted: z.boolean(),
    /** Present on the plugin's delayed ground-truth calls (+15/45/90 s). */
    groundTruth: z.string().nullable(),
    receivedAt: IsoTime,
  })
  .strict();

// ---- Version 2 (issue 8): every fact a dataset needs, whatever the telemetry flags.

/** One context file of a request as the model got it; `lines` or `omitted` (why the lines are not here). */
export const RequestContextFileSchema = z
  .object({
    /** Length of the file's change log when the request was served (as in multiFileContextChangesIndexes). */
    changeCount: z.number().int().min(0),
    /** The file's lines as sent to the model (secrets redacted); null when omitted. */
    lines: z.array(z.string()).nullable(),
    /** `event_size_limit`: the lines would have made the event larger than the NATS server takes. */
    omitted: z.enum(['event_size_limit']).nullable(),
  })
  .strict()
  .refine((f) => (f.lines === null) !== (f.omitted === null), 'exactly one of lines and omitted is set');

export const CompletionRequestedV2 = CompletionRequestedV1.extend({
  /** The user's config (the unit of A/B testing) when the request was served; null when unknown (v1). */
  configId: z.number().int().positive().nullable(),
  /** contextual_telemetry.version_id, kept even when store_contextual_telemetry is false; null only in v1. */
  pluginVersionId: z.number().int().positive().nullable(),
  /** Per context file sent to the model; null unless store_context (and in v1). */
  multiFileContext: z.record(z.string(), RequestContextFileSchema).nullable(),
});

/** What the model was asked to do: the effective parameters of one generation. */
export const GenerationParametersSchema = z
  .object({
    maxNewTokens: z.number().int().positive(),
    /** 0 means greedy. */
    temperature: z.number().min(0),
    topP: z.number().gt(0).max(1),
    /** The model's own stop strings and the request's together. */
    stop: z.array(z.string()),
    /** The budget the API gave the model, in milliseconds. */
    deadlineMs: z.number().int().positive(),
  })
  .strict();

export const CompletionGeneratedV2 = z
  .object({
    modelId: z.number().int(),
    modelName: z.string(),
    status: z.enum(['ok', 'failed']),
    completion: z.string(),
    generationTimeMs: z.number().int().min(0),
    /** exp(mean log-probability); null when the model reported none (and for failures). */
    confidence: z.number().min(0).max(1).nullable(),
    /** Each generated token's text, beside `logprobs` (same length); null when not reported (v1, old workers). */
    tokens: z.array(z.string()).nullable(),
    /** Per generated token; null where the value was not finite or not reported. Every position is kept. */
    logprobs: z.array(z.number().nullable()),
    /** Milliseconds from the request's arrival until this model's answer was ready. */
    servingTimeMs: z.number().int().min(0),
    /** Which weights answered: a content hash, a pinned revision or what the serving server reports. */
    modelRevision: z.string().nullable(),
    /** Null only in v1 events. */
    generation: GenerationParametersSchema.nullable(),
    /** v1 events said when they were shown; v2 writers write null and append completion.shown instead. */
    legacyShownAt: IsoTime.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).strict().nullable(),
  })
  .strict()
  .refine((g) => g.tokens === null || g.tokens.length === g.logprobs.length, {
    message: 'tokens and logprobs have the same length',
  });

/** The plugin got its answer: every other write of the request was acknowledged first. */
export const CompletionShownV1 = z
  .object({
    shownAt: IsoTime,
    /** The models whose completions the answer held. */
    modelIds: z.array(z.number().int()).min(1),
  })
  .strict();

type RequestedV1 = z.infer<typeof CompletionRequestedV1>;
type GeneratedV1 = z.infer<typeof CompletionGeneratedV1>;

export function upcastCompletionRequestedV1(data: unknown): z.input<typeof CompletionRequestedV2> {
  const d = data as RequestedV1;
  return {
    ...d,
    configId: null,
    pluginVersionId: d.contextualTelemetry?.versionId ?? null,
    multiFileContext: null,
  };
}

export function upcastCompletionGeneratedV1(data: unknown): z.input<typeof CompletionGeneratedV2> {
  const { shownAt, ...d } = data as GeneratedV1;
  return {
    ...d,
    // v1 wrote 0 for failures, which have no confidence.
    confidence: d.status === 'failed' ? null : d.confidence,
    tokens: null,
    modelRevision: null,
    generation: null,
    legacyShownAt: shownAt,
  };
}
