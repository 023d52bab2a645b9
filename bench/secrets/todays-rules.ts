// The bench's baseline: the 117 lines of hand-written rules src/privacy/redact-secrets.ts held before gitleaks'
// rules came in (commit 40d479e), copied unchanged but for giving spans instead of replacing text.
import type { SecretSpan } from '../../src/privacy/secret-span.js';

interface Rule {
  name: string;
  pattern: RegExp;
  /** Index of the capture group to hide; 0 (default) hides the whole match. */
  group?: number;
  /** Extra check on the candidate; it is no secret when this returns false. */
  accept?: (value: string) => boolean;
}

const KEYWORD = String.raw`(?:password|passwd|pwd|secret|secret_?key|api_?key|apikey|access_?key|auth_?token|access_?token|refresh_?token|client_?secret|private_?key|token)`;

const RULES: Rule[] = [
  {
    name: 'private key block',
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/g,
  },
  { name: 'aws access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b/g },
  { name: 'github token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { name: 'slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { name: 'slack webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g },
  { name: 'stripe key', pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b/g },
  { name: 'openai key', pattern: /\bsk-(?:proj-|svcacct-|admin-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{20,}/g },
  { name: 'google api key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { name: 'bearer token', pattern: /\bBearer\s+([A-Za-z0-9._~+/-]{20,2048}=*)/g, group: 1 },
  {
    name: 'password in url',
    pattern: /\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@'"]{1,256}:([^\s@/'"]{3,256})@/gi,
    group: 1,
  },
  {
    name: 'quoted secret assignment',
    pattern: new RegExp(
      String.raw`\b[\w.-]{0,40}${KEYWORD}["']?\s*(?::=|=|:)\s*(["'\x60])([^"'\x60\s]{4,512})\1`,
      'gi',
    ),
    group: 2,
    accept: (v) => !/^(?:\$\{|\{\{|%\(|<|\.{0,2}\/|~\/|https?:)/.test(v),
  },
  {
    name: 'env secret assignment',
    pattern: new RegExp(
      String.raw`^[ \t]*(?:export[ \t]+)?[A-Z0-9_]{0,60}${KEYWORD.toUpperCase()}=([^\s"'$#{(]{4,})[ \t]*$`,
      'gm',
    ),
    group: 1,
    accept: (v) => !/^(?:None|null|true|false|undefined|changeme)$/i.test(v),
  },
  {
    name: 'high-entropy string',
    pattern: /(["'\x60])([A-Za-z0-9+/=_-]{20,512})\1/g,
    group: 2,
    accept: (v) => isHighEntropy(v),
  },
];

/** Every secret the hand-written rules find in `text`. */
export function findTodaysRuleSecrets(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.pattern)) {
      const value = rule.group ? m[rule.group] : m[0];
      if (value === undefined || value.length === 0) continue;
      if (rule.accept && !rule.accept(value)) continue;
      const start = m.index + (rule.group ? m[0].lastIndexOf(value) : 0);
      spans.push({ start, end: start + value.length, rule: rule.name });
    }
  }
  return spans;
}

function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function isHighEntropy(v: string): boolean {
  if (/^[0-9a-f]+$/i.test(v))
    return v.length >= 32 && /[0-9]/.test(v) && /[a-f]/i.test(v) && shannonEntropy(v) >= 3.0;
  if (v.length < 24 || !/[0-9]/.test(v) || !/[a-z]/.test(v) || !/[A-Z]/.test(v)) return false;
  return shannonEntropy(v) >= 4.2;
}
