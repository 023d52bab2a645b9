// A model served by an OpenAI-compatible HTTP server (vLLM, llama.cpp, TGI): POST {url}/completions with a
// FIM prompt and logprobs; chat models also answer conversations (openai-chat.ts). An unreachable server is
// "model unavailable", not a model failure.
import type { CompletionOutput, ModelBackend } from '../model-backend.js';
import { ModelUnavailableError } from '../model-backend.js';
import type { ModelEntry } from '../model-registry.js';
import { buildFimPrompt, CHARS_PER_TOKEN } from './fim-prompt.js';
import { createOpenAiChat } from './openai-chat.js';

type OpenAiEntry = Extract<ModelEntry, { backend: 'openai-compatible' }>;

export interface OpenAiBackendOptions {
  apiKey?: string;
  fetch?: typeof fetch;
  warmupTimeoutMs?: number;
}

interface CompletionsResponse {
  /** The model the server says answered, and its build fingerprint where it has one. */
  model?: string;
  system_fingerprint?: string | null;
  choices?: Array<{
    text?: string;
    logprobs?: { tokens?: string[]; token_logprobs?: Array<number | null> } | null;
  }>;
}

export function createOpenAiCompatibleBackend(
  entry: OpenAiEntry,
  options: OpenAiBackendOptions = {},
): ModelBackend {
  const doFetch = options.fetch ?? fetch;
  const base = entry.url.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const gen = entry.generation;

  const call = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await doFetch(url, init);
    } catch (err) {
      if ((init.signal as AbortSignal | undefined)?.aborted) throw err;
      throw new ModelUnavailableError(
        `${entry.name}: server at ${base} unreachable (${(err as Error).message})`,
      );
    }
  };

  const chat = entry.kind === 'chat' ? createOpenAiChat(entry, { headers, fetch: doFetch }) : undefined;

  return {
    ...(chat ? { chat } : {}),
    warmup: async () => {
      const res = await call(`${base}/models`, {
        headers,
        signal: AbortSignal.timeout(options.warmupTimeoutMs ?? 3000),
      });
      if (!res.ok) throw new ModelUnavailableError(`${entry.name}: ${base}/models answered ${res.status}`);
    },
    complete: async (input, signal) => {
      const started = performance.now();
      const maxTokens = input.maxNewTokens ?? gen.maxNewTokens;
      const budget = Math.max(256, (entry.contextLength - maxTokens) * CHARS_PER_TOKEN);
      const stop = [...new Set([...gen.stop, ...input.stopSequences].filter(Boolean))];
      const body = {
        model: entry.remoteModel,
        prompt: buildFimPrompt(entry.promptFormat, input, budget),
        max_tokens: maxTokens,
        temperature: gen.temperature,
        top_p: gen.topP,
        stop,
        logprobs: 1,
      };
      const res = await call(`${base}/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal,
      });
      if (res.status === 404 || res.status === 503) {
        throw new ModelUnavailableError(`${entry.name}: server answered ${res.status}`);
      }
      if (!res.ok)
        throw new Error(`${entry.name}: server answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const json = (await res.json()) as CompletionsResponse;
      const out = parseCompletion(json, stop, performance.now() - started);
      const parameters = { maxNewTokens: maxTokens, temperature: gen.temperature, topP: gen.topP, stop };
      return { ...out, revision: servedRevision(entry, json), parameters };
    },
    close: () => Promise.resolve(),
  };
}

/** The completion, its tokens beside their log-probabilities, and the confidence (null when none came back). */
export function parseCompletion(
  json: CompletionsResponse,
  stop: string[],
  elapsedMs: number,
): Pick<CompletionOutput, 'completion' | 'generationTimeMs' | 'confidence' | 'tokens' | 'logprobs'> {
  const choice = json.choices?.[0];
  let text = choice?.text ?? '';
  for (const s of stop) {
    const at = text.indexOf(s);
    if (at >= 0) text = text.slice(0, at);
  }
  const { tokens, logprobs } = keptTokens(choice?.logprobs ?? null, text.length);
  const known = logprobs.filter((v): v is number => v !== null);
  const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
  const confidence = mean === null ? null : Math.min(1, Math.exp(mean));
  return { completion: text, generationTimeMs: elapsedMs, confidence, tokens, logprobs };
}

/**
 * The tokens that make up the kept text (stop strings cut client-side drop theirs), each beside its
 * log-probability; a position whose value is missing or not finite is kept, as null.
 */
function keptTokens(
  lp: { tokens?: string[]; token_logprobs?: Array<number | null> } | null,
  keptChars: number,
): Pick<CompletionOutput, 'tokens' | 'logprobs'> {
  const values = lp?.token_logprobs ?? [];
  const texts = lp?.tokens;
  const tokens: string[] = [];
  const logprobs: Array<number | null> = [];
  let chars = 0;
  for (let i = 0; i < values.length; i++) {
    if (texts && chars >= keptChars) break;
    const v = values[i];
    const token = texts?.[i] ?? '';
    tokens.push(token);
    logprobs.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
    chars += token.length;
  }
  return { tokens, logprobs };
}

/** The configured model name and what the server says it served (model, build fingerprint). */
function servedRevision(entry: OpenAiEntry, json: CompletionsResponse): string {
  const parts = [`configured=${entry.revision ?? entry.remoteModel}`];
  if (json.model) parts.push(`served=${json.model}`);
  if (json.system_fingerprint) parts.push(`fingerprint=${json.system_fingerprint}`);
  return parts.join('; ');
}
