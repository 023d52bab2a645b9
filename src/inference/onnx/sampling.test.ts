import { describe, expect, it } from 'vitest';
import { chooseToken, createRng, logSumExp } from './sampling.js';

const logits = Float32Array.from([2, 1, 0.5, -1, 3]);

describe('token choice', () => {
  it('is the argmax when greedy, with the log-probability of the model softmax', () => {
    const c = chooseToken(logits, { temperature: 0, topP: 1 }, createRng(1));
    expect(c.token).toBe(4);
    expect(c.logprob).toBeCloseTo(3 - logSumExp(logits), 6);
  });

  it('reports the unmodified model log-probability even when sampling hot', () => {
    const c = chooseToken(logits, { temperature: 5, topP: 1 }, createRng(7));
    expect(c.logprob).toBeCloseTo((logits[c.token] ?? 0) - logSumExp(logits), 6);
  });

  it('is reproducible for a seed and restricted to the nucleus by top-p', () => {
    const draw = (seed: number): number[] => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => chooseToken(logits, { temperature: 1, topP: 0.6 }, rng).token);
    };
    expect(draw(42)).toEqual(draw(42));
    // softmax mass: token 4 ≈ 0.61, so top-p 0.6 keeps only it.
    expect(new Set(draw(42))).toEqual(new Set([4]));
  });

  it('only picks allowed tokens when a constraint is given', () => {
    expect(chooseToken(logits, { temperature: 0, topP: 1 }, createRng(1), (t) => t < 2).token).toBe(0);
  });
});
