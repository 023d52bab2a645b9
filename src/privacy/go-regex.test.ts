import { describe, expect, it } from 'vitest';
import config from './gitleaks/rules.json' with { type: 'json' };
import { translateGoRegex } from './go-regex.js';

const compile = (go: string): RegExp => {
  const js = translateGoRegex(go);
  return new RegExp(js.source, js.flags);
};

describe('translateGoRegex', () => {
  it('turns a leading (?i) into the i flag when nothing turns it off', () => {
    expect(translateGoRegex('(?i)token=[a-z]+')).toEqual({ source: 'token=[a-z]+', flags: 'i' });
  });

  it('keeps a (?-i:…) part case-sensitive inside a case-insensitive pattern', () => {
    const re = compile('(?i)key(?-i:ABC)[a-z]{2}');
    expect(re.flags).toBe('');
    expect(re.test('KEYABCxY')).toBe(true);
    expect(re.test('keyabcxy')).toBe(false);
  });

  it('makes only the (?i:…) group case-insensitive', () => {
    const re = compile('hf_(?i:[a-z]{3})X');
    expect(re.test('hf_AbCX')).toBe(true);
    expect(re.test('HF_abcX')).toBe(false);
    expect(re.test('hf_abcx')).toBe(false);
  });

  it('applies a mid-pattern (?i) to the rest of its group only', () => {
    const re = compile('^(p8e-(?i)[a-z]{2})Z$');
    expect(re.test('p8e-ABZ')).toBe(true);
    expect(re.test('P8E-abZ')).toBe(false);
    expect(re.test('p8e-abz')).toBe(false);
  });

  it('lets (?s:.) cross line breaks while a plain dot does not', () => {
    expect(compile('a(?s:.)b').test('a\nb')).toBe(true);
    expect(compile('a.b').test('a\nb')).toBe(false);
  });

  it('spells \\z as the end of the text and [[:alnum:]] as its ASCII class', () => {
    expect(compile('x\\z').test('x')).toBe(true);
    expect(compile('x\\z').test('x\ny')).toBe(false);
    expect(compile('^[[:alnum:]]+$').test('aZ09')).toBe(true);
    expect(compile('^[[:alnum:]]+$').test('a_')).toBe(false);
  });

  it('leaves escapes inside a class alone when adding the other case', () => {
    const re = compile('(?-i:x)(?i)[\\sa-c]');
    expect(re.test('x ')).toBe(true);
    expect(re.test('xB')).toBe(true);
    expect(re.test('xS')).toBe(false);
  });

  it('spells \\x{…} as a \\u escape', () => {
    expect(compile('^\\x{41}\\x{e9}$').test('Aé')).toBe(true);
  });

  it('refuses what it cannot translate rather than match wrongly', () => {
    expect(() => translateGoRegex('\\pL+')).toThrow(/not translated/);
    expect(() => translateGoRegex('(?m)^a$')).toThrow(/flag m/);
    expect(() => translateGoRegex('[[:^alpha:]]')).toThrow(/negated POSIX/);
  });

  it("compiles every regex of gitleaks' rules and allowlists", () => {
    const all = [
      ...config.rules.map((r) => r.regex),
      ...config.allowlist.regexes,
      ...config.rules.flatMap((r) =>
        ((r as { allowlists?: Array<{ regexes?: string[] }> }).allowlists ?? []).flatMap(
          (a) => a.regexes ?? [],
        ),
      ),
    ];
    expect(all.length).toBeGreaterThan(200);
    for (const go of all) expect(() => compile(go), go).not.toThrow();
  });
});
