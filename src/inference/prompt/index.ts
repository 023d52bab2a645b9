// Prompt building for the in-process engine: the public surface of this folder.
export {
  buildPrompt,
  type BuiltPrompt,
  type PromptInput,
  type PromptMode,
  type PromptOptions,
} from './build-prompt.js';
export type { PromptTokenizer } from './prompt-tokenizer.js';
