import { describe, expect, it } from 'vitest';
import { buildKeywordScan } from './keyword-automaton.js';

const naive = (keywords: readonly string[], lower: string): number[] =>
  keywords.flatMap((k, i) => (lower.includes(k) ? [i] : []));

describe('buildKeywordScan', () => {
  const keywords = ['sk', 'sk_live', 'ask', 'k_l', 'live', 'ey', 'hey', 'eyj', 'a', 'aaa'];
  const scan = buildKeywordScan(keywords);

  it('finds every keyword that occurs, overlapping and nested ones included', () => {
    for (const text of ['', 'x', 'ask_live', 'sk_liv', 'heyj', 'aa', 'aaaa', 'sk-sk_live ey', 'k_lsk']) {
      expect(scan(text)).toEqual(naive(keywords, text));
    }
  });

  it('matches what a search for each keyword finds, on random text', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const alphabet = 'askliveyhj_-Ä😀 ';
    for (let n = 0; n < 500; n += 1) {
      const text = Array.from(
        { length: Math.floor(random() * 30) },
        () => alphabet[Math.floor(random() * 16)],
      ).join('');
      expect(scan(text)).toEqual(naive(keywords, text));
    }
  });

  it('lets no character past ASCII join a keyword', () => {
    expect(scan('eÿ s\u212Ak')).toEqual([]);
  });

  it('refuses keywords it cannot scan for', () => {
    expect(() => buildKeywordScan(['Key'])).toThrow(/lower-case ASCII/);
    expect(() => buildKeywordScan(['clé'])).toThrow(/lower-case ASCII/);
    expect(() => buildKeywordScan([''])).toThrow(/lower-case ASCII/);
  });
});
