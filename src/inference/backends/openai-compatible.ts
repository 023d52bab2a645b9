// A model served by an OpenAI-compatible HTTP server (vLLM, llama.cpp, TGI): POST {url}/completions with a
// FIM prompt and logprobs. An unreachable server is "model unavailable", not a model failure.
import type { CompletionOutput, ModelBackend } from '../model-backend.js';
import { ModelUnavailableError } from '../model-backend.js';
import type { ModelEntry } from '../model-registry.js';
import { buildFimPrompt, CHARS_PER_TOKEN } from './fim-prompt.js';

type OpenAiEntry = Extract<ModelEntry, { backend: 'openai-compatible' }>;

export interface OpenAiBackendOptions {
  apiKey?: string;
  fetch?: typeof fetch;
  warmupTimeoutMs?: number;
}

interface CompletionsResponse {
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

  return {
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
      return parseCompletion((await res.json()) as CompletionsResponse, stop, performance.now() - started);
    },
    close: () => Promise.resolve(),
  };
}

/** Confidence when the server reports no log-probabilities: "unknown", in the middle of (0, 1]. */
export const UNKNOWN_CONFIDENCE = 0.5;

export function parseCompletion(
  json: CompletionsResponse,
  stop: string[],
  elapsedMs: number,
): CompletionOutput {
  const choice = json.choices?.[0];
  let text = choice?.text ?? '';
  for (const s of stop) {
    const at = text.indexOf(s);
    if (at >= 0) text = text.slice(0, at);
  }
  const logprobs = keptLogprobs(choice?.logprobs ?? null, text.length);
  const mean = logprobs.length ? logprobs.reduce((a, b) => a + b, 0) / logprobs.length : null;
  const confidence = mean === null ? UNKNOWN_CONFIDENCE : Math.min(1, Math.exp(mean));
  return { completion: text, generationTimeMs: elapsedMs, confidence, logprobs };
}

/** The log-probabilities of the tokens that make up the kept text (stop strings cut client-side drop theirs). */
function keptLogprobs(
  lp: { tokens?: string[]; token_logprobs?: Array<number | null> } | null,
  keptChars: number,
): number[] {
  const values = lp?.token_logprobs ?? [];
  const tokens = lp?.tokens;
  const out: number[] = [];
  let chars = 0;
  for (let i = 0; i < values.length; i++) {
    if (tokens && chars >= keptChars) break;
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
    chars += tokens?.[i]?.length ?? 0;
  }
  return out;
}
