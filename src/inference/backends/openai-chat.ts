// The chat half of the OpenAI-compatible backend: POST {url}/chat/completions with the whole conversation
// (vLLM and llama.cpp's server apply the model's own chat template). Unreachable, 404 and 503 are "model
// unavailable"; any other failure is the model's.
import type { ChatInput, ChatOutput } from '../model-backend.js';
import { ModelUnavailableError } from '../model-backend.js';
import type { ModelEntry } from '../model-registry.js';

type OpenAiEntry = Extract<ModelEntry, { backend: 'openai-compatible' }>;

interface ChatCompletionsResponse {
  model?: string;
  system_fingerprint?: string | null;
  choices?: Array<{ message?: { content?: string | null } | null; text?: string }>;
}

export interface OpenAiChatOptions {
  headers: Record<string, string>;
  fetch: typeof fetch;
}

export function createOpenAiChat(
  entry: OpenAiEntry,
  options: OpenAiChatOptions,
): (input: ChatInput, signal: AbortSignal) => Promise<ChatOutput> {
  const base = entry.url.replace(/\/+$/, '');
  const gen = entry.generation;
  return async (input, signal) => {
    const started = performance.now();
    const maxTokens = input.maxNewTokens ?? gen.maxNewTokens;
    const stop = gen.stop.filter(Boolean);
    const body = {
      model: entry.remoteModel,
      messages: input.messages,
      max_tokens: maxTokens,
      temperature: gen.temperature,
      top_p: gen.topP,
      ...(stop.length > 0 ? { stop } : {}),
    };
    let res: Response;
    try {
      res = await options.fetch(`${base}/chat/completions`, {
        method: 'POST',
        headers: options.headers,
        body: JSON.stringify(body),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new ModelUnavailableError(
        `${entry.name}: chat server at ${base} unreachable (${(err as Error).message})`,
      );
    }
    if (res.status === 404 || res.status === 503)
      throw new ModelUnavailableError(`${entry.name}: chat server answered ${res.status}`);
    if (!res.ok)
      throw new Error(
        `${entry.name}: chat server answered ${res.status}: ${(await res.text()).slice(0, 200)}`,
      );
    const json = (await res.json()) as ChatCompletionsResponse;
    const choice = json.choices?.[0];
    const completion = choice?.message?.content ?? choice?.text ?? '';
    const parts = [`configured=${entry.revision ?? entry.remoteModel}`];
    if (json.model) parts.push(`served=${json.model}`);
    if (json.system_fingerprint) parts.push(`fingerprint=${json.system_fingerprint}`);
    return {
      completion,
      generationTimeMs: performance.now() - started,
      revision: parts.join('; '),
      parameters: { maxNewTokens: maxTokens, temperature: gen.temperature, topP: gen.topP, stop },
    };
  };
}
