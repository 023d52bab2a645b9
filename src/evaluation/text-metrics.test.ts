// Exact match, edit similarity and ROUGE-L on pairs worked out by hand (the arithmetic is beside each case).
// The edit similarities were also checked against python-Levenshtein's `ratio` (what fuzzywuzzy rounds).
import { describe, expect, it } from 'vitest';
import { editSimilarity } from './edit-similarity.js';
import { exactMatch } from './exact-match.js';
import { retainedVerbatim } from './retained-verbatim.js';
import { rougeL } from './rouge-l.js';
import { stripPython } from './strip-python.js';
import { tokenizeCode } from './tokenize-code.js';

describe('stripPython', () => {
  it("strips what Python's str.strip() strips, not what JavaScript's trim() strips", () => {
    expect(stripPython(' \t\nfoo()\r\n ')).toBe('foo()');
    // U+00A0, U+3000, U+2028 and U+0085 are whitespace to Python; U+001C-U+001F too, which trim() keeps.
    expect(stripPython('\u00a0x\u3000')).toBe('x');
    expect(stripPython('\u001cx\u0085\u2028')).toBe('x');
    // U+FEFF (a BOM) is not whitespace to Python, though trim() strips it.
    expect(stripPython('\ufeffx')).toBe('\ufeffx');
    expect(stripPython(' \u3000 ')).toBe('');
  });
});

describe('exactMatch', () => {
  it('is 100 for texts equal after stripping and 0 otherwise', () => {
    expect(exactMatch('  foo(x)\n', 'foo(x)')).toBe(100);
    expect(exactMatch('foo', 'Foo')).toBe(0);
    expect(exactMatch('a b', 'a  b')).toBe(0); // inner whitespace counts
    expect(exactMatch('\u001cx', 'x')).toBe(100);
    expect(exactMatch('\ufeffx', 'x')).toBe(0);
  });

  it('is 100 for two texts that are both empty after stripping', () => {
    expect(exactMatch('', '  \n')).toBe(100);
    expect(exactMatch('', 'x')).toBe(0);
  });
});

describe('editSimilarity', () => {
  it('is 200·LCS/(|p|+|t|) on the stripped texts', () => {
    // kitten / sitting: LCS = "ittn" = 4; 200·4/(6+7) = 800/13 = 61.538…
    expect(editSimilarity('kitten', 'sitting')).toBeCloseTo(800 / 13, 10);
    // foo(a, b) / foo(a, c): 9 characters each, LCS 8; 200·8/18 = 88.888…
    expect(editSimilarity('foo(a, b)', 'foo(a, c)')).toBeCloseTo(1600 / 18, 10);
    // Stripped first: "abc" against "abc".
    expect(editSimilarity('  abc \n', 'abc')).toBe(100);
  });

  it('counts a substitution as a deletion and an insertion (Indel), not as one edit (Levenshtein)', () => {
    // ab / ba: LCS = 1; 200·1/4 = 50. Levenshtein distance 2 would give 1 − 2/2 = 0.
    expect(editSimilarity('ab', 'ba')).toBe(50);
  });

  it('counts code points, as Python does, not UTF-16 code units', () => {
    // "naïve 😀" / "naive 😀": 7 code points each (😀 is one, two code units), LCS = 6 (all but ï/i);
    // 200·6/14 = 85.714…; in code units it would be 200·7/16 = 87.5.
    expect(editSimilarity('naïve 😀', 'naive 😀')).toBeCloseTo(1200 / 14, 10);
  });

  it('is 100 for two empty texts (rapidfuzz) and 0 when only one is empty', () => {
    expect(editSimilarity('', '')).toBe(100);
    expect(editSimilarity('  ', '\n')).toBe(100);
    expect(editSimilarity('abc', '')).toBe(0);
    expect(editSimilarity('', ' abc')).toBe(0);
  });
});

describe('tokenizeCode', () => {
  it('keeps identifier runs whole and every other non-space character as a token of its own', () => {
    expect(tokenizeCode('foo_bar(x, 42)')).toEqual(['foo_bar', '(', 'x', ',', '42', ')']);
    expect(tokenizeCode('a==b')).toEqual(['a', '=', '=', 'b']);
    expect(tokenizeCode('größe\u3000=\u00a01')).toEqual(['größe', '=', '1']);
    expect(tokenizeCode('x 😀y')).toEqual(['x', '😀', 'y']);
    expect(tokenizeCode(' \n\t')).toEqual([]);
  });
});

describe('rougeL', () => {
  it('is the LCS F-measure of the token sequences', () => {
    // [foo ( a , b )] / [foo ( a , c )]: LCS = 5, P = R = 5/6, F = 5/6 = 83.333…
    expect(rougeL('foo(a, b)', 'foo(a, c)')).toBeCloseTo(500 / 6, 10);
    // [return x + 1 ;] / [return x ;]: LCS = 3, P = 3/5, R = 3/3, F = 2·0.6·1/1.6 = 0.75.
    expect(rougeL('return x + 1;', 'return x;')).toBeCloseTo(75, 10);
    // Same tokens, other spacing: 100.
    expect(rougeL('f( x )', 'f(x)')).toBe(100);
  });

  it('keeps case: Foo and foo share no token', () => {
    expect(rougeL('Foo', 'foo')).toBe(0);
  });

  it('is 0 when either side has no token, even when both are empty (rouge-score)', () => {
    expect(rougeL('', 'x')).toBe(0);
    expect(rougeL('x', '  ')).toBe(0);
    expect(rougeL('', '')).toBe(0);
  });
});

describe('retainedVerbatim', () => {
  it('is 100 when the stripped completion occurs inside the snapshot window', () => {
    // The plugin's ground truth: up to 32 characters, the inserted range, up to 32 characters.
    expect(retainedVerbatim('  bar(1)\n', 'x = foo(); y = bar(1);\nz')).toBe(100);
    expect(retainedVerbatim('bar(1)', 'x = foo(); y = bar(2);')).toBe(0);
    expect(retainedVerbatim('   ', 'anything')).toBe(0);
  });
});
