// Chooses the next token from one row of logits: greedy, or temperature + top-p with a seedable RNG.
// The reported log-probability always comes from the model's own softmax, before temperature or top-p.
import { seededRandom } from '../../platform/seeded-random.js';

export interface SamplingParams {
  /** 0 means greedy. */
  temperature: number;
  topP: number;
}

export interface Choice {
  token: number;
  /** Natural-log probability of `token` under the unmodified model distribution. */
  logprob: number;
}

export type Rng = () => number;

/** Reproducible sampled completions in tests: the platform's seeded generator (mulberry32). */
export function createRng(seed: number): Rng {
  return seededRandom(seed);
}

/**
 * Picks a token among those `allowed` admits (all when absent). Allowed-set restriction is token healing's
 * constraint; it changes the choice, not the logprob, which stays the model's own.
 */
export function chooseToken(
  logits: Float32Array,
  params: SamplingParams,
  rng: Rng,
  allowed?: (token: number) => boolean,
): Choice {
  const { logZ, best } = normalizer(logits);
  let token = best;
  if (params.temperature > 0) token = sampleToken(logits, params, rng, allowed);
  else if (allowed) token = argmax(logits, allowed);
  return { token, logprob: (logits[token] ?? -Infinity) - logZ };
}

export function logSumExp(logits: Float32Array): number {
  return normalizer(logits).logZ;
}

/** log of the softmax denominator and the argmax, in two passes over the vocabulary (this runs every step). */
function normalizer(logits: Float32Array): { logZ: number; best: number } {
  let max = -Infinity;
  let best = 0;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i] as number;
    if (v > max) {
      max = v;
      best = i;
    }
  }
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp((logits[i] as number) - max);
  return { logZ: max + Math.log(sum), best };
}

function argmax(logits: Float32Array, allowed?: (token: number) => boolean): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i] ?? -Infinity;
    if (v > bestValue && (!allowed || allowed(i))) {
      best = i;
      bestValue = v;
    }
  }
  return best < 0 ? 0 : best;
}

function sampleToken(
  logits: Float32Array,
  params: SamplingParams,
  rng: Rng,
  allowed?: (token: number) => boolean,
): number {
  const candidates: number[] = [];
  for (let i = 0; i < logits.length; i++) if (!allowed || allowed(i)) candidates.push(i);
  if (candidates.length === 0) return argmax(logits);
  const scaled = candidates.map((i) => (logits[i] ?? -Infinity) / params.temperature);
  const max = scaled.reduce((m, v) => Math.max(m, v), -Infinity);
  const weights = scaled.map((v) => Math.exp(v - max));
  const order = nucleus(weights, params.topP);
  const total = order.reduce((s, k) => s + (weights[k] ?? 0), 0);
  let r = rng() * total;
  for (const k of order) {
    r -= weights[k] ?? 0;
    if (r <= 0) return candidates[k] ?? 0;
  }
  return candidates[order[order.length - 1] ?? 0] ?? 0;
}

/** Indices of the smallest set of most likely candidates whose probability mass reaches `topP`. */
function nucleus(weights: number[], topP: number): number[] {
  const all = weights.map((_, k) => k);
  if (topP >= 1) return all;
  all.sort((x, y) => (weights[y] ?? 0) - (weights[x] ?? 0));
  const total = weights.reduce((s, w) => s + w, 0);
  const kept: number[] = [];
  let mass = 0;
  for (const k of all) {
    kept.push(k);
    mass += weights[k] ?? 0;
    if (mass >= topP * total) break;
  }
  return kept;
}
