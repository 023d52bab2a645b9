// Deterministic models of our own for tests and benchmarks, chosen by the registry's `behaviour`:
// 'echo' answers at once from the prefix, 'slow:<ms>' the same after a delay, 'fail' throws, 'never' waits
// until aborted, 'unavailable' fails its warm-up as if its weights were missing.
import {
  ModelUnavailableError,
  type CompletionInput,
  type CompletionOutput,
  type ModelBackend,
} from '../model-backend.js';

export function createTestBackend(behaviour: string, maxNewTokens = 16): ModelBackend {
  const slow = /^slow:(\d+)$/.exec(behaviour);
  const known = ['echo', 'fail', 'never', 'unavailable'];
  if (!slow && !known.includes(behaviour)) throw new Error(`unknown test model behaviour '${behaviour}'`);
  const delayMs = slow ? Number(slow[1]) : 0;
  return {
    warmup: () => {
      if (behaviour === 'unavailable')
        return Promise.reject(new ModelUnavailableError('test model has no weights'));
      return Promise.resolve();
    },
    complete: async (input, signal) => {
      const started = performance.now();
      if (behaviour === 'fail') throw new Error('test model failed on purpose');
      if (behaviour === 'unavailable') throw new ModelUnavailableError('test model has no weights');
      if (behaviour === 'never') await waitForAbort(signal);
      if (delayMs > 0) await delay(delayMs, signal);
      return echoCompletion(input, maxNewTokens, performance.now() - started);
    },
    close: () => Promise.resolve(),
  };
}

/** The echo model's answer: the prefix's last line reversed (so it is visibly "derived"), cut at stops. */
export function echoCompletion(
  input: CompletionInput,
  maxNewTokens: number,
  elapsedMs = 0,
): CompletionOutput {
  const lastLine = input.prefix.split('\n').at(-1)?.trim() ?? '';
  let text = lastLine ? `${[...lastLine].reverse().join('')}` : 'pass';
  text = text.slice(0, maxNewTokens * 4);
  for (const stop of input.stopSequences) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) text = text.slice(0, at);
  }
  const logprobs = [...text].slice(0, maxNewTokens).map((ch) => -(((ch.codePointAt(0) ?? 0) % 7) + 1) / 20);
  const mean = logprobs.length ? logprobs.reduce((a, b) => a + b, 0) / logprobs.length : 0;
  return { completion: text, generationTimeMs: elapsedMs, confidence: Math.exp(mean), logprobs };
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
