import { describe, expect, it } from 'vitest';
import { consumeResidual, healPrompt, tokensMatchingResidual } from './token-healing.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const vocab = [enc(''), enc('pri'), enc('print'), enc('p'), enc('pr'), enc('x'), enc('printf(')];

describe('token healing', () => {
  it('drops the last prompt token and asks generation to re-produce its bytes', () => {
    expect(healPrompt([5, 1], vocab, new Set([0]))).toEqual({ ids: [5], residual: enc('pri') });
  });

  it('never heals across a control token or down to an empty prompt', () => {
    expect(healPrompt([5, 0], vocab, new Set([0])).residual).toHaveLength(0);
    expect(healPrompt([1], vocab, new Set([0])).ids).toEqual([1]);
  });

  it('allows tokens that extend the residual or consume part of it', () => {
    expect([...tokensMatchingResidual(enc('pri'), vocab)].sort()).toEqual([1, 2, 3, 4, 6]);
    expect(consumeResidual(enc('pri'), enc('pr'))).toEqual(enc('i'));
    expect(consumeResidual(enc('pri'), enc('print'))).toHaveLength(0);
  });
});
