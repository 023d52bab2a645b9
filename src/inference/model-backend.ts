// The contract every model backend implements (ONNX in-process, OpenAI-compatible HTTP, test doubles).
// Workers call `complete` with an AbortSignal that fires when the request's deadline passes.

export interface ContextFile {
  /** Path relative to the project root, as the plugin sends it. */
  path: string;
  /** Whole file text, lines joined with "\n". */
  text: string;
}

export interface CompletionInput {
  prefix: string;
  suffix: string;
  fileName: string;
  /** Other files of the project the plugin asked to include (multi-file context). */
  contextFiles: ContextFile[];
  /** Extra stop strings from the request; backends add their own (blank line, template stops). */
  stopSequences: string[];
  /** Overrides the registry's max new tokens when set. */
  maxNewTokens?: number;
}

/** The parameters a backend generated with (the deadline is the API's and is recorded there). */
export interface EffectiveGenerationParams {
  maxNewTokens: number;
  temperature: number;
  topP: number;
  /** The model's own stop strings and the request's together. */
  stop: string[];
}

export interface CompletionOutput {
  completion: string;
  /** Milliseconds spent generating (prompt + decode), measured by the backend. */
  generationTimeMs: number;
  /** In (0, 1]: exp(mean log-probability) of the generated tokens; null when the model reports none. */
  confidence: number | null;
  /** Per generated token, its text decoded on its own; the same length as `logprobs`. */
  tokens: string[];
  /** Per generated token, natural-log probability before any sampling adjustment; null when not reported. */
  logprobs: Array<number | null>;
  /** Which weights answered: a pinned revision, a content hash or what the serving server reports. */
  revision: string | null;
  parameters: EffectiveGenerationParams;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatInput {
  /** The whole conversation, oldest first, ending with the user's new message. */
  messages: ChatMessage[];
  /** Overrides the registry's max new tokens when set. */
  maxNewTokens?: number;
}

export interface ChatOutput {
  /** The assistant's message as the model wrote it (a [Title]...[/Title] included). */
  completion: string;
  generationTimeMs: number;
  revision: string | null;
  parameters: EffectiveGenerationParams;
}

export interface ModelBackend {
  /** Loads weights / checks reachability and runs a warm-up; resolves when ready to serve. */
  warmup(): Promise<void>;
  complete(input: CompletionInput, signal: AbortSignal): Promise<CompletionOutput>;
  /** Chat models only (`kind: chat`): the next assistant message of a conversation. */
  chat?(input: ChatInput, signal: AbortSignal): Promise<ChatOutput>;
  close(): Promise<void>;
}

/** Thrown by a backend whose weights or server are not present: the worker answers "model unavailable". */
export class ModelUnavailableError extends Error {
  readonly code = 'model_unavailable' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}
