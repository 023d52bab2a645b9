// The shipped detector on the labelled sample set (tests/fixtures/secrets): the figures docs/security.md reports,
// with a margin. bench:secrets prints the same figures beside the other candidates.
import { describe, expect, it } from 'vitest';
import { loadSecretSamples, scoreDetector, type SecretSample } from '../../tests/support/secret-samples.js';
import { findSecrets } from './find-secrets.js';
import { redactSecrets, REDACTED } from './redact-secrets.js';

const samples = loadSecretSamples();
const found = samples.map((s) => findSecrets(s.text));
const scoreOf = (split?: SecretSample['split']) => {
  const idx = samples.flatMap((s, i) => (split === undefined || s.split === split ? [i] : []));
  return scoreDetector(
    idx.map((i) => samples[i] as SecretSample),
    idx.map((i) => found[i] ?? []),
  );
};

describe('the shipped secret detector on the sample set', () => {
  it('holds a few hundred samples with and without secrets in each part', () => {
    for (const split of ['tuning', 'holdout', 'fresh'] as const) {
      const part = samples.filter((s) => s.split === split);
      expect(part.filter((s) => s.secrets.length > 0).length, split).toBeGreaterThanOrEqual(100);
      expect(part.filter((s) => s.secrets.length === 0).length, split).toBeGreaterThanOrEqual(150);
    }
  });

  it('hides at least 95 % of all secret spans and 83 % of those in the fresh part', () => {
    expect(scoreOf().recall).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('fresh').recall).toBeGreaterThanOrEqual(0.83);
  });

  it('hides something in at most 2.5 % of the samples without a secret, and few stray spans', () => {
    const all = scoreOf();
    expect(all.falsePositiveRate).toBeLessThanOrEqual(0.025);
    expect(scoreOf('fresh').falsePositiveRate).toBeLessThanOrEqual(0.05);
    expect(all.straySpans).toBeLessThanOrEqual(15);
  });

  it('misses no family of provider token, key or JWT in the tuning part', () => {
    const missed = Object.keys(scoreOf('tuning').missedByFamily);
    expect(missed).toEqual([]);
  });

  it('redacts every sample without changing its number of lines', () => {
    samples.forEach((s, i) => {
      const out = redactSecrets(s.text);
      expect(out.split('\n').length, s.id).toBe(s.text.split('\n').length);
      if (found[i]?.length) expect(out, s.id).toContain(REDACTED);
    });
  });
});
