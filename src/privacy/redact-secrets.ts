// Replaces secrets in code with `<hidden>` before anything is stored or sent to a model (find-secrets.ts says
// what is found). Line breaks are kept, so line numbers stay valid.
import { findSecrets } from './find-secrets.js';

export const REDACTED = '<hidden>';

/** Redacts every secret found; the text's line structure (number of "\n") is unchanged. */
export function redactSecrets(text: string): string {
  const spans = findSecrets(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    const secret = text.slice(s.start, s.end);
    out += text.slice(at, s.start) + (secret.includes(REDACTED) ? secret : hideKeepingLines(secret));
    at = s.end;
  }
  return out + text.slice(at);
}

/** Redacts each line of a file, treating the lines together so blocks across lines are found. */
export function redactLines(lines: readonly string[]): string[] {
  const joined = lines.join('\n');
  const redacted = redactSecrets(joined);
  return redacted === joined ? [...lines] : redacted.split('\n');
}

/** One `<hidden>` per line the secret spans, so the count of "\n" stays the same. */
function hideKeepingLines(value: string): string {
  return value
    .split('\n')
    .map((line) => (line.trim().length === 0 ? line : REDACTED))
    .join('\n');
}
