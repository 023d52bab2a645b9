// The model registry (models/registry.json): the single source of model ids for the workers and the
// plugin's HOCON config. Ids 1-4 keep the Python server's ids; our built-in model has its own.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export const PromptFormatSchema = z.enum([
  'deepseek-coder',
  'starcoder2',
  'santacoder',
  'codellama',
  'mellum',
  'code4me',
  'plain',
  'chat',
]);
export type PromptFormat = z.infer<typeof PromptFormatSchema>;

export const GenerationParamsSchema = z
  .object({
    maxNewTokens: z.number().int().positive().default(64),
    /** 0 means greedy. */
    temperature: z.number().min(0).default(0),
    topP: z.number().gt(0).max(1).default(1),
    /** Stop strings of the model itself, on top of the request's. */
    stop: z.array(z.string()).default(['\n\n']),
    /** Milliseconds a worker may spend on one request before it gives up. */
    deadlineMs: z.number().int().positive().default(5000),
  })
  .strict();
export type GenerationParams = z.infer<typeof GenerationParamsSchema>;

const BaseEntry = {
  id: z.number().int().positive(),
  /** Name shown to the plugin in the HOCON config (`models.available[].name`). */
  name: z.string().min(1),
  /** Full name as researchers know it (Hugging Face id), stored in `model_name`. */
  fullName: z.string().min(1),
  kind: z.enum(['completion', 'chat']),
  isDefault: z.boolean().default(false),
  promptFormat: PromptFormatSchema,
  /** How the prompt uses the text after the cursor: fill-in-the-middle, or left-to-right with token healing. */
  promptMode: z.enum(['left-to-right', 'fim']).optional(),
  /** Context length in tokens; prompts are truncated to fit it with room for new tokens. */
  contextLength: z.number().int().positive().default(2048),
  generation: GenerationParamsSchema.default(GenerationParamsSchema.parse({})),
  /**
   * Pins the weights' revision recorded with every generation (e.g. a Hugging Face commit). Without it: the hash
   * of an ONNX folder's SHA256SUMS, or the model an OpenAI-compatible server reports.
   */
  revision: z.string().min(1).optional(),
};

export const ModelEntrySchema = z.discriminatedUnion('backend', [
  z.object({ ...BaseEntry, backend: z.literal('onnx'), path: z.string().min(1) }).strict(),
  z
    .object({
      ...BaseEntry,
      backend: z.literal('openai-compatible'),
      url: z.string().url(),
      /** Model name the server expects in the request body. */
      remoteModel: z.string().min(1),
      apiKeyEnv: z.string().optional(),
    })
    .strict(),
  /** Deterministic models of our own for tests and benchmarks (see src/inference/backends/test-models.ts). */
  z.object({ ...BaseEntry, backend: z.literal('test'), behaviour: z.string().min(1) }).strict(),
]);
export type ModelEntry = z.infer<typeof ModelEntrySchema>;

export const ModelRegistrySchema = z
  .object({ models: z.array(ModelEntrySchema).min(1) })
  .strict()
  .superRefine((reg, ctx) => {
    const ids = new Set<number>();
    for (const m of reg.models) {
      if (ids.has(m.id)) ctx.addIssue({ code: 'custom', message: `duplicate model id ${m.id}` });
      ids.add(m.id);
    }
    for (const kind of ['completion', 'chat'] as const) {
      const defaults = reg.models.filter((m) => m.kind === kind && m.isDefault).length;
      if (defaults > 1) ctx.addIssue({ code: 'custom', message: `more than one default ${kind} model` });
    }
  });
export type ModelRegistry = z.infer<typeof ModelRegistrySchema>;

/** Reads and validates a registry file; relative ONNX paths are resolved against the file's folder. */
export function loadModelRegistry(file: string): ModelRegistry {
  const parsed = ModelRegistrySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const base = dirname(resolve(file));
  return {
    models: parsed.models.map((m) =>
      m.backend === 'onnx' && !isAbsolute(m.path) ? { ...m, path: resolve(base, m.path) } : m,
    ),
  };
}

export function findModel(registry: ModelRegistry, id: number): ModelEntry | undefined {
  return registry.models.find((m) => m.id === id);
}
