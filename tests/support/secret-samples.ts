// The labelled secret sample set (tests/fixtures/secrets/samples.jsonl) and how a detector is scored on it:
// recall per secret span (hidden in full), false positives per sample without a secret and per stray span.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Span {
  start: number;
  end: number;
}

export interface SecretSample {
  id: string;
  /**
   * `tuning`: the rules were fitted to it; `holdout`: written after they were frozen, read once, then the rules
   * were fixed for what it showed; `fresh`: written after the last change to the rules, never fitted to.
   */
  split: 'tuning' | 'holdout' | 'fresh';
  language: string;
  family: string;
  text: string;
  secrets: Array<Span & { family: string }>;
}

export interface DetectorScore {
  secretSpans: number;
  found: number;
  /** Found spans / labelled spans: a span counts when every character of it is hidden. */
  recall: number;
  negatives: number;
  flaggedNegatives: number;
  /** Samples without a secret in which something was hidden, over all such samples. */
  falsePositiveRate: number;
  /** Hidden stretches that overlap no labelled secret, in all samples. */
  straySpans: number;
  missed: Array<{ id: string; family: string; secret: string }>;
  flagged: Array<{ id: string; family: string; hidden: string }>;
  missedByFamily: Record<string, number>;
}

export function loadSecretSamples(): SecretSample[] {
  const file = fileURLToPath(new URL('../fixtures/secrets/samples.jsonl', import.meta.url));
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as SecretSample);
}

/** Scores `found` (the spans a detector hid in each sample, in the samples' order). */
export function scoreDetector(
  samples: readonly SecretSample[],
  found: ReadonlyArray<readonly Span[]>,
): DetectorScore {
  const score: DetectorScore = {
    secretSpans: 0,
    found: 0,
    recall: 0,
    negatives: 0,
    flaggedNegatives: 0,
    falsePositiveRate: 0,
    straySpans: 0,
    missed: [],
    flagged: [],
    missedByFamily: {},
  };
  samples.forEach((sample, i) =>
    scoreSample(
      score,
      sample,
      (found[i] ?? []).filter((s) => s.end > s.start),
    ),
  );
  score.recall = score.secretSpans === 0 ? 1 : score.found / score.secretSpans;
  score.falsePositiveRate = score.negatives === 0 ? 0 : score.flaggedNegatives / score.negatives;
  return score;
}

function scoreSample(score: DetectorScore, sample: SecretSample, spans: readonly Span[]): void {
  const hidden = new Uint8Array(sample.text.length);
  for (const s of spans) hidden.fill(1, s.start, s.end);
  for (const secret of sample.secrets) {
    score.secretSpans += 1;
    if (hidden.subarray(secret.start, secret.end).every((h) => h === 1)) score.found += 1;
    else {
      score.missed.push({
        id: sample.id,
        family: secret.family,
        secret: sample.text.slice(secret.start, secret.end),
      });
      score.missedByFamily[secret.family] = (score.missedByFamily[secret.family] ?? 0) + 1;
    }
  }
  const stray = spans.filter((s) => !sample.secrets.some((x) => s.start < x.end && x.start < s.end));
  score.straySpans += stray.length;
  if (sample.secrets.length === 0) {
    score.negatives += 1;
    if (spans.length > 0) {
      score.flaggedNegatives += 1;
      const first = spans[0] as Span;
      score.flagged.push({
        id: sample.id,
        family: sample.family,
        hidden: sample.text.slice(first.start, first.end),
      });
    }
  }
}
