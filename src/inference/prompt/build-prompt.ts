// Builds a model's prompt as token ids: the family's FIM layout (or left-to-right for our own model and
// plain models), cut to the token budget nearest the cursor, never cutting a marker.
import type { CompletionInput } from '../model-backend.js';
import type { PromptFormat } from '../model-registry.js';
import { keepHead, keepTail } from './fit-to-budget.js';
import { FIM_TEMPLATES, type FimTemplate } from './templates.js';
import type { PromptTokenizer } from './prompt-tokenizer.js';

/** How our own model is prompted: to be chosen from the trainer's evaluation, so it is a registry option. */
export type PromptMode = 'left-to-right' | 'fim';

export interface PromptOptions {
  /** Tokens the prompt may use: the context length minus the tokens to generate. */
  budget: number;
  /** For `code4me` only: left-to-right with token healing (default) or FIM. */
  mode?: PromptMode;
  /** Largest share of the budget the suffix may take; the prefix gets the rest first, context files last. */
  suffixShare?: number;
}

export interface BuiltPrompt {
  ids: number[];
  /** Whether the prompt ends in user text, so the engine may heal its last token. */
  healable: boolean;
  truncated: boolean;
}

export type PromptInput = Pick<CompletionInput, 'prefix' | 'suffix' | 'fileName' | 'contextFiles'>;

export function buildPrompt(
  format: PromptFormat,
  input: PromptInput,
  tokenizer: PromptTokenizer,
  options: PromptOptions,
): BuiltPrompt {
  const bos = tokenizer.addBos && tokenizer.bosId !== undefined ? [tokenizer.bosId] : [];
  const budget = options.budget - bos.length;
  const template = FIM_TEMPLATES[format];
  const fim = template !== undefined && (format !== 'code4me' || options.mode === 'fim');
  if (!fim) {
    const prefix = keepTail(tokenizer.stripSpecialTokens(input.prefix), budget, tokenizer);
    return { ids: [...bos, ...prefix.ids], healable: prefix.ids.length > 0, truncated: prefix.truncated };
  }
  const built = buildFim(template, input, tokenizer, budget, options.suffixShare ?? 0.25);
  return { ...built, ids: [...bos, ...built.ids] };
}

function buildFim(
  template: FimTemplate,
  input: PromptInput,
  tokenizer: PromptTokenizer,
  budget: number,
  suffixShare: number,
): BuiltPrompt {
  const fileName = input.fileName;
  const overhead = template.render({ fileName, files: [], prefix: [], suffix: [] }, tokenizer).length;
  const room = Math.max(0, budget - overhead);
  const suffix = keepHead(
    tokenizer.stripSpecialTokens(input.suffix),
    Math.floor(room * suffixShare),
    tokenizer,
  );
  const prefix = keepTail(tokenizer.stripSpecialTokens(input.prefix), room - suffix.ids.length, tokenizer);
  let left = room - suffix.ids.length - prefix.ids.length;
  const files: number[][] = [];
  for (const f of input.contextFiles) {
    const ids = template.file(f, tokenizer);
    if (ids.length === 0 || ids.length > left) continue;
    files.push(ids);
    left -= ids.length;
  }
  const ids = template.render({ fileName, files, prefix: prefix.ids, suffix: suffix.ids }, tokenizer);
  const truncated = prefix.truncated || suffix.truncated || files.length < input.contextFiles.length;
  return { ids, healable: false, truncated };
}
