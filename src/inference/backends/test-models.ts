// Deterministic models of our own for tests and benchmarks, chosen by the registry's `behaviour`:
// 'echo' answers at once from the prefix, 'slow:<ms>' the same after a delay, 'fail' throws, 'never' waits
// until aborted, 'unavailable' fails its warm-up as if its weights were missing. 'echo:no-confidence' answers
// like 'echo' but reports no log-probabilities (as a server without logprobs does). Every behaviour also chats:
// 'echo' repeats the user's last message, with a title from its first words when the system prompt asks for one.
import type { GenerationParams } from '../model-registry.js';
import {
  ModelUnavailableError,
  type CompletionInput,
  type ChatMessage,
  type CompletionOutput,
  type ModelBackend,
} from '../model-backend.js';

type TestParams = Pick<GenerationParams, 'maxNewTokens' | 'temperature' | 'topP' | 'stop'>;
const DEFAULT_PARAMS: TestParams = { maxNewTokens: 16, temperature: 0, topP: 1, stop: [] };

export function createTestBackend(behaviour: string, params: TestParams = DEFAULT_PARAMS): ModelBackend {
  const slow = /^slow:(\d+)$/.exec(behaviour);
  const known = ['echo', 'echo:no-confidence', 'fail', 'never', 'unavailable'];
  if (!slow && !known.includes(behaviour)) throw new Error(`unknown test model behaviour '${behaviour}'`);
  const delayMs = slow ? Number(slow[1]) : 0;
  const gate = async (signal: AbortSignal): Promise<void> => {
    if (behaviour === 'fail') throw new Error('test model failed on purpose');
    if (behaviour === 'unavailable') throw new ModelUnavailableError('test model has no weights');
    if (behaviour === 'never') await waitForAbort(signal);
    if (delayMs > 0) await delay(delayMs, signal);
  };
  return {
    chat: async (input, signal) => {
      const started = performance.now();
      await gate(signal);
      const { maxNewTokens, temperature, topP, stop } = params;
      return {
        completion: echoChat(input.messages),
        generationTimeMs: performance.now() - started,
        revision: `test:${behaviour}`,
        parameters: { maxNewTokens: input.maxNewTokens ?? maxNewTokens, temperature, topP, stop },
      };
    },
    warmup: () => {
      if (behaviour === 'unavailable')
        return Promise.reject(new ModelUnavailableError('test model has no weights'));
      return Promise.resolve();
    },
    complete: async (input, signal) => {
      const started = performance.now();
      await gate(signal);
      const out = echoCompletion(input, params.maxNewTokens, performance.now() - started);
      const { maxNewTokens, temperature, topP } = params;
      const stop = [...new Set([...params.stop, ...input.stopSequences])];
      const parameters = { maxNewTokens, temperature, topP, stop };
      const silent = behaviour === 'echo:no-confidence';
      return {
        ...out,
        ...(silent ? { confidence: null, tokens: [], logprobs: [] } : {}),
        revision: `test:${behaviour}`,
        parameters,
      };
    },
    close: () => Promise.resolve(),
  };
}

/** The echo model's answer: the prefix's last line reversed (so it is visibly "derived"), cut at stops. */
export function echoCompletion(
  input: CompletionInput,
  maxNewTokens: number,
  elapsedMs = 0,
): Omit<CompletionOutput, 'revision' | 'parameters'> {
  const lastLine = input.prefix.split('\n').at(-1)?.trim() ?? '';
  let text = lastLine ? `${[...lastLine].reverse().join('')}` : 'pass';
  text = text.slice(0, maxNewTokens * 4);
  for (const stop of input.stopSequences) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) text = text.slice(0, at);
  }
  const tokens = [...text].slice(0, maxNewTokens);
  const logprobs = tokens.map((ch) => -(((ch.codePointAt(0) ?? 0) % 7) + 1) / 20);
  const mean = logprobs.length ? logprobs.reduce((a, b) => a + b, 0) / logprobs.length : null;
  const confidence = mean === null ? null : Math.exp(mean);
  return { completion: text, generationTimeMs: elapsedMs, confidence, tokens, logprobs };
}

/** The echo model's chat answer: "You said: <last user message>", titled when the system prompt asks. */
export function echoChat(messages: ChatMessage[]): string {
  const last = messages.findLast((m) => m.role === 'user')?.content ?? '';
  const asksTitle = messages.some((m) => m.role === 'system' && m.content.includes('[Title]'));
  const title = last.split(/\s+/).filter(Boolean).slice(0, 4).join(' ');
  return `${asksTitle && title ? `[Title]${title}[/Title]` : ''}You said: ${last}`;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(abortError(signal));
    else signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
