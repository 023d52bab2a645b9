// The telemetry of one completion: the request, one generation per model, and the user's feedback.
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
