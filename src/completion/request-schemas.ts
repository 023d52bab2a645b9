// Request bodies of the plugin's completion routes, as the plugin sends them (Moshi omits nulls; unknown
// fields such as `time_since_last_completion` are ignored, as in the Python server's extra="ignore").
import { z } from 'zod';

const optionalString = z.string().nullish();

export const ContextBodySchema = z.object({
  prefix: z.string(),
  suffix: z.string(),
  file_name: optionalString,
  selected_text: optionalString,
  context_files: z.array(z.string()).nullish(),
});

export const ContextualTelemetryBodySchema = z.object({
  version_id: z.number().int().min(1),
  trigger_type_id: z.number().int().min(1),
  language_id: z.number().int().min(1),
  file_path: optionalString,
  caret_line: z.number().int().min(0).nullish(),
  document_char_length: z.number().int().min(0).nullish(),
  relative_document_position: z.number().min(0).max(1).nullish(),
});

export const BehavioralTelemetryBodySchema = z.object({
  time_since_last_shown: z.number().min(0).nullish(),
  time_since_last_accepted: z.number().min(0).nullish(),
  typing_speed: z.number().min(0).nullish(),
});

export const CompletionRequestBodySchema = z.object({
  model_ids: z.array(z.number().int()).max(8),
  context: ContextBodySchema,
  contextual_telemetry: ContextualTelemetryBodySchema,
  behavioral_telemetry: BehavioralTelemetryBodySchema.nullish(),
  store_context: z.boolean().nullish(),
  store_contextual_telemetry: z.boolean().nullish(),
  store_behavioral_telemetry: z.boolean().nullish(),
  stop_sequences: z.array(z.string()).max(32).nullish(),
});
export type CompletionRequestBody = z.infer<typeof CompletionRequestBodySchema>;

export const FeedbackBodySchema = z.object({
  meta_query_id: z.guid(),
  model_id: z.number().int().min(0),
  was_accepted: z.boolean(),
  ground_truth: z.string().nullish(),
});
export type FeedbackBody = z.infer<typeof FeedbackBodySchema>;

export const FileContextChangeBodySchema = z.object({
  change_type: z.enum(['insert', 'update', 'remove']),
  start_line: z.number().int().min(0),
  end_line: z.number().int().min(0),
  new_lines: z.array(z.string()),
});

export const MultiFileContextBodySchema = z.object({
  context_updates: z.record(z.string().min(1), z.array(FileContextChangeBodySchema)),
});
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
