// The decoding state of one request, independent of how it is batched: which token comes next (sampling
// under the healing constraint), when it ends (stop string, end token, length) and its result.
import type { CodeTokenizer } from './tokenizer.js';
import type { DecoderConfig } from './model-config.js';
import { chooseToken, createRng, type Rng, type SamplingParams } from './sampling.js';
import { truncateAtStop } from './stop-sequences.js';
import { repeatedTailLength } from './loop-stop.js';
import { concatBytes, decodeUtf8Prefix } from './token-bytes.js';
import { consumeResidual, tokensMatchingResidual } from './token-healing.js';

export interface GenerationRequest {
  promptIds: number[];
  /** Bytes generation must start with (token healing); empty or absent for none. */
  residual?: Uint8Array;
  maxNewTokens: number;
  sampling: SamplingParams;
  stops: string[];
  seed?: number;
}

export type FinishReason = 'stop' | 'eos' | 'length';

export interface GenerationResult {
  text: string;
  tokens: number[];
  /** Per generated token, its log-probability under the model's own distribution. */
  logprobs: number[];
  /** exp(mean logprob): in (0, 1]. */
  confidence: number;
  finishReason: FinishReason;
  promptTokens: number;
  firstTokenMs: number;
  totalMs: number;
}

/** What decoding needs to know about the vocabulary. */
export interface Vocabulary {
  tokenBytes: ReadonlyArray<Uint8Array> | null;
  /** End tokens and every other control token: generating one ends the completion. */
  stopIds: ReadonlySet<number>;
  decode(ids: readonly number[]): string;
}

export function vocabularyOf(tokenizer: CodeTokenizer, config: DecoderConfig): Vocabulary {
  const stopIds = new Set([...tokenizer.specialIds, ...config.eosIds]);
  if (tokenizer.eosId !== undefined) stopIds.add(tokenizer.eosId);
  return { tokenBytes: tokenizer.tokenBytes, stopIds, decode: (ids) => tokenizer.decode(ids) };
}

export interface Sequence {
  readonly request: GenerationRequest;
  readonly tokens: number[];
  readonly logprobs: number[];
  text: string;
  finished: FinishReason | null;
  residual: Uint8Array;
  readonly rng: Rng;
  readonly startedAt: number;
  firstTokenAt: number | undefined;
}

export function createSequence(request: GenerationRequest, startedAt = performance.now()): Sequence {
  return {
    request,
    tokens: [],
    logprobs: [],
    text: '',
    finished: request.maxNewTokens <= 0 ? 'length' : null,
    residual: request.residual ?? new Uint8Array(0),
    rng: createRng(request.seed ?? Math.floor(Math.random() * 2 ** 32)),
    startedAt,
    firstTokenAt: undefined,
  };
}

/** Takes the logits for the sequence's next position, appends the chosen token and updates `finished`. */
export function acceptLogits(seq: Sequence, logits: Float32Array, vocab: Vocabulary): number {
  const constraint = healingConstraint(seq, vocab);
  const { token, logprob } = chooseToken(logits, seq.request.sampling, seq.rng, constraint);
  seq.firstTokenAt ??= performance.now();
  seq.tokens.push(token);
  seq.logprobs.push(logprob);
  if (vocab.stopIds.has(token)) {
    seq.finished = 'eos';
    return token;
  }
  if (seq.residual.length > 0)
    seq.residual = consumeResidual(seq.residual, vocab.tokenBytes?.[token] ?? new Uint8Array(0));
  const looped = seq.residual.length === 0 ? repeatedTailLength(seq.tokens) : 0;
  if (looped > 0) {
    seq.tokens.splice(-looped);
    seq.logprobs.splice(-looped);
    seq.text = truncateAtStop(completionText(seq, vocab), seq.request.stops).text;
    seq.finished = 'stop';
    return token;
  }
  const stopped = truncateAtStop(completionText(seq, vocab), seq.request.stops);
  seq.text = stopped.text;
  if (stopped.stopped) seq.finished = 'stop';
  else if (seq.tokens.length >= seq.request.maxNewTokens) seq.finished = 'length';
  return token;
}

function healingConstraint(seq: Sequence, vocab: Vocabulary): ((t: number) => boolean) | undefined {
  if (seq.residual.length === 0 || !vocab.tokenBytes) return undefined;
  const allowed = tokensMatchingResidual(seq.residual, vocab.tokenBytes);
  return allowed.size > 0 ? (t) => allowed.has(t) : undefined;
}

/** Generated text without the healed bytes, which the prompt already had. */
function completionText(seq: Sequence, vocab: Vocabulary): string {
  const ids = seq.tokens.filter((t) => !vocab.stopIds.has(t));
  if (!vocab.tokenBytes) return vocab.decode(ids);
  const bytes = concatBytes(ids.map((t) => vocab.tokenBytes?.[t] ?? new Uint8Array(0)));
  return decodeUtf8Prefix(bytes.subarray(Math.min(bytes.length, seq.request.residual?.length ?? 0)));
}

export function sequenceResult(seq: Sequence, now = performance.now()): GenerationResult {
  const mean = seq.logprobs.length ? seq.logprobs.reduce((s, l) => s + l, 0) / seq.logprobs.length : 0;
  return {
    text: seq.text,
    tokens: [...seq.tokens],
    logprobs: [...seq.logprobs],
    // Clamped so an (astronomically) unlikely completion still reports a positive confidence.
    confidence: Math.min(1, Math.max(Number.MIN_VALUE, Math.exp(mean))),
    finishReason: seq.finished ?? 'length',
    promptTokens: seq.request.promptIds.length,
    firstTokenMs: (seq.firstTokenAt ?? now) - seq.startedAt,
    totalMs: now - seq.startedAt,
  };
}
