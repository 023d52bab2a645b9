import { describe, expect, it } from 'vitest';
import { boundedMemo } from './bounded-memo.js';

describe('boundedMemo', () => {
  it('computes each argument once, undefined answers included', () => {
    const calls: string[] = [];
    const memo = boundedMemo((s) => {
      calls.push(s);
      return s === 'none' ? undefined : s.length;
    }, 10);
    expect([memo('ab'), memo('ab'), memo('none'), memo('none')]).toEqual([2, 2, undefined, undefined]);
    expect(calls).toEqual(['ab', 'none']);
  });

  it('forgets every answer once it holds max arguments, so distinct arguments cannot grow it', () => {
    const calls: string[] = [];
    const memo = boundedMemo((s) => (calls.push(s), s), 2);
    for (const s of ['a', 'b', 'c', 'a']) memo(s);
    // 'c' found it full (a, b): cleared, then kept alone; 'a' is computed again.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
    memo('c');
    expect(calls).toHaveLength(4);
  });
});
