import { describe, expect, it } from 'vitest';
import { findGitleaksSecrets } from './gitleaks-rules.js';

const hidden = (text: string): string[] => findGitleaksSecrets(text).map((s) => text.slice(s.start, s.end));

describe('findGitleaksSecrets', () => {
  it('finds a provider token and gives its secret group, not the whole match', () => {
    const token = 'glpat-' + 'Xk3vR9mQ2wLp7ZtB4nYc';
    expect(new Set(hidden(`private_token = "${token}"\n`))).toEqual(new Set([token]));
  });

  it('finds a generic key assignment above its entropy floor', () => {
    expect(hidden('my_service_api_key = "Qm9xL2p7Rw4Zt8Kc1Vb6"\n')).toEqual(['Qm9xL2p7Rw4Zt8Kc1Vb6']);
  });

  it('skips a generic assignment below the entropy floor', () => {
    expect(hidden('api_key = "aaaaaaaaaabbbbbbbbbb"\n')).toEqual([]);
  });

  it('honours the global allowlist: template references and stopwords', () => {
    expect(hidden('api_key = "${SERVICE_API_KEY}"\n')).toEqual([]);
    expect(hidden('ghp_abcdefghijklmnopqrstuvwxyz0123456789\n')).toEqual([]);
  });

  it("honours an allowlist on the match even though the rule's lazy key prefix is cut", () => {
    // generic-api-key allows names such as `capital` (its keyword `api` inside), checked on the whole match: the
    // match must reach back to the `c` before `api` for the allowlist to see the name.
    expect(hidden('capital_value = "Qm9xL2p7Rw4Zt8Kc1Vb6"\n')).toEqual([]);
    expect(hidden('cap_api_value = "Qm9xL2p7Rw4Zt8Kc1Vb6"\n')).toEqual(['Qm9xL2p7Rw4Zt8Kc1Vb6']);
  });

  it('stays linear on long runs of a keyword (the rules were written for RE2)', () => {
    const started = performance.now();
    findGitleaksSecrets('okta'.repeat(25_000));
    findGitleaksSecrets(`cohere ${'a.'.repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
