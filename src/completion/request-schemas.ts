// Request bodies of the plugin's completion routes, as the plugin sends them (Moshi omits nulls; unknown
// fields such as `time_since_last_completion` are ignored, as in the Python server's extra="ignore").
import { z } from 'zod';
import { PG_INT_MAX, PgInt, StorableText } from '../platform/storable-text.js';

const optionalString = StorableText.nullish();
/** Milliseconds and counts beyond this are no real measurement, and would overflow a bigint column. */
const Measure = z.number().min(0).max(Number.MAX_SAFE_INTEGER);
const Id = z.number().int().min(1).max(PG_INT_MAX);

export const ContextBodySchema = z.object({
  prefix: StorableText,
  suffix: StorableText,
  file_name: optionalString,
  selected_text: optionalString,
  context_files: z.array(StorableText).nullish(),
});

export const ContextualTelemetryBodySchema = z.object({
  version_id: Id,
  trigger_type_id: Id,
  language_id: Id,
  file_path: optionalString,
  caret_line: PgInt.nullish(),
  document_char_length: PgInt.nullish(),
  relative_document_position: z.number().min(0).max(1).nullish(),
});

export const BehavioralTelemetryBodySchema = z.object({
  time_since_last_shown: Measure.nullish(),
  time_since_last_accepted: Measure.nullish(),
  typing_speed: Measure.nullish(),
});

/**
 * The route validator (@hono/zod-validator) parses a body with safeParseAsync, which zod keeps on its general
 * parser. These schemas have no async part, so the async parse is answered by zod's compiled parser: the same
 * checks and transforms, several times faster on a valid body, and a body that fails the fast path is parsed
 * again by the general parser, so errors read as before. A schema zod cannot compile is returned as it is.
 */
function compiledForRoutes<T extends z.ZodType>(schema: T): T {
  const compiled = z.compile(schema);
  if (compiled === schema) return schema;
  compiled.safeParseAsync = (data, params) => Promise.resolve(compiled.safeParse(data, params));
  return compiled;
}

const CompletionRequestBodyShape = z.object({
  model_ids: z.array(z.number().int().max(PG_INT_MAX)).max(8),
  context: ContextBodySchema,
  contextual_telemetry: ContextualTelemetryBodySchema,
  behavioral_telemetry: BehavioralTelemetryBodySchema.nullish(),
  store_context: z.boolean().nullish(),
  store_contextual_telemetry: z.boolean().nullish(),
  store_behavioral_telemetry: z.boolean().nullish(),
  stop_sequences: z.array(StorableText).max(32).nullish(),
});
export const CompletionRequestBodySchema = compiledForRoutes(CompletionRequestBodyShape);
export type CompletionRequestBody = z.infer<typeof CompletionRequestBodySchema>;

export const FeedbackBodySchema = compiledForRoutes(
  z.object({
    meta_query_id: z.guid(),
    model_id: z.number().int().min(0).max(PG_INT_MAX),
    was_accepted: z.boolean(),
    ground_truth: StorableText.nullish(),
  }),
);
export type FeedbackBody = z.infer<typeof FeedbackBodySchema>;

export const FileContextChangeBodySchema = z.object({
  change_type: z.enum(['insert', 'update', 'remove']),
  start_line: PgInt,
  end_line: PgInt,
  new_lines: z.array(StorableText),
});

export const MultiFileContextBodySchema = compiledForRoutes(
  z.object({
    context_updates: z.record(StorableText.pipe(z.string().min(1)), z.array(FileContextChangeBodySchema)),
  }),
);
export type MultiFileContextBody = z.infer<typeof MultiFileContextBodySchema>;

/** One element of `data.completions`: exactly the five keys the plugin's parser requires. */
export const CompletionItemSchema = z.object({
  model_id: z.number().int(),
  model_name: z.string(),
  completion: z.string(),
  generation_time: z.number().int(),
  confidence: z.number(),
});
export type CompletionItem = z.infer<typeof CompletionItemSchema>;
