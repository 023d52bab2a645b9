import { describe, expect, it } from 'vitest';
import { forEachMatch } from './for-each-match.js';

const viaForEach = (re: RegExp, text: string): Array<[number, string]> => {
  const out: Array<[number, string]> = [];
  forEachMatch(re, text, (m) => out.push([m.index, m[0]]));
  return out;
};
const viaMatchAll = (re: RegExp, text: string): Array<[number, string]> =>
  [...text.matchAll(re)].map((m) => [m.index, m[0]]);

describe('forEachMatch', () => {
  it('gives the matches matchAll gives, empty ones included', () => {
    const cases: Array<[RegExp, string]> = [
      [/a+/g, 'baaacaab'],
      [/x*/g, 'axxbx'],
      [/^/gm, 'one\ntwo\n'],
      [/(?:)/gu, 'a😀b'],
      [/\d*/g, ''],
    ];
    for (const [re, text] of cases) expect(viaForEach(re, text)).toEqual(viaMatchAll(re, text));
  });

  it('starts at the beginning and leaves lastIndex at 0, also when the callback throws', () => {
    const re = /b/g;
    re.lastIndex = 2;
    expect(viaForEach(re, 'abab')).toEqual([
      [1, 'b'],
      [3, 'b'],
    ]);
    expect(re.lastIndex).toBe(0);
    expect(() =>
      forEachMatch(re, 'abab', () => {
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(re.lastIndex).toBe(0);
  });
});
