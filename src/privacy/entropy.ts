// Shannon entropy, the bar above which a token looks random rather than like a word, a path or an identifier,
// and the check that hides quoted strings above that bar.
import { forEachMatch } from './for-each-match.js';
import type { SecretSpan } from './secret-span.js';

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Random-looking tokens: hex of 32+ chars, or base64-ish of 24+ chars mixing digits with both letter cases.
 * The bar sits above what identifiers, paths, words and version strings reach.
 */
export function isHighEntropy(v: string): boolean {
  if (/^[0-9a-f]+$/i.test(v))
    return v.length >= 32 && /[0-9]/.test(v) && /[a-f]/i.test(v) && shannonEntropy(v) >= 3.0;
  if (v.length < 24 || !/[0-9]/.test(v) || !/[a-z]/.test(v) || !/[A-Z]/.test(v)) return false;
  return shannonEntropy(v) >= 4.2;
}

/** Quoted strings made only of token characters: the candidates for an entropy check. */
const QUOTED_TOKEN = /(["'\x60])([A-Za-z0-9+/=_-]{24,512})\1/g;

/**
 * Hashes and digests say what they are (`sha512-…`, `sha256:…`, `h1:…`) or are plain hex, never secrets alone;
 * publishable keys (`pk_live_…`) are public by design.
 */
const NOT_SECRET = /^(?:sha(?:1|224|256|384|512)[-:]|md5[-:]|h1:|pk_(?:live|test)_)|^[0-9a-f]+$/i;

/**
 * Quoted random-looking strings wherever they are, keys or not. Hex and labelled digests are left out (commit
 * ids, checksums and lockfile hashes are hex), as is base64 that decodes to readable text.
 */
export function findHighEntropyStrings(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  forEachMatch(QUOTED_TOKEN, text, (m) => {
    const value = m[2] as string;
    if (NOT_SECRET.test(value) || !isHighEntropy(value) || decodesToText(value) || hasRun(value)) return;
    const start = m.index + 1;
    spans.push({ start, end: start + value.length, rule: 'high-entropy string' });
  });
  return spans;
}

function decodesToText(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  const bytes = Buffer.from(value, 'base64');
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x09) printable += 1;
  return printable === bytes.length;
}

/** Six or more characters in alphabet order (`ABCDEF`, `012345`): alphabets and fixtures, never random keys. */
function hasRun(value: string): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i += 1) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= 6) return true;
  }
  return false;
}
