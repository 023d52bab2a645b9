// The detector the platform ships: gitleaks' rules for provider tokens, keys and JWTs, our keyword rules for
// passwords and connection strings, private-key blocks cut by a prefix or suffix, and an entropy check for
// quoted random strings. docs/security.md gives each part's figures on the sample set.
import { findHighEntropyStrings } from './entropy.js';
import { findGitleaksSecrets } from './gitleaks-rules.js';
import { findKeywordSecrets } from './keyword-rules.js';
import { findPrivateKeyBlocks } from './private-key-blocks.js';
import type { SecretSpan } from './secret-span.js';

/** Every secret found in `text`, overlapping spans merged, in order. */
export function findSecrets(text: string): SecretSpan[] {
  if (text.length === 0) return [];
  const lower = text.toLowerCase();
  const spans = findGitleaksSecrets(text, lower);
  spans.push(
    ...findKeywordSecrets(text, lower),
    ...findPrivateKeyBlocks(text),
    ...findHighEntropyStrings(text),
  );
  return spans.length === 0 ? spans : mergeSpans(spans);
}

/** Sorts spans and joins those that overlap or touch; the first rule names a joined span. */
export function mergeSpans(spans: readonly SecretSpan[]): SecretSpan[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SecretSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
