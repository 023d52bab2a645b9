// gitleaks' rules (gitleaks/rules.json, MIT) run the way gitleaks runs them: keyword prefilter, regex, secret
// group, entropy floor, then the global and per-rule allowlists. Rules bound to file paths are left out.
import config from './gitleaks/rules.json' with { type: 'json' };
import { shannonEntropy } from './entropy.js';
import { translateGoRegex } from './go-regex.js';
import { forEachMatch } from './for-each-match.js';
import { buildKeywordScan } from './keyword-automaton.js';
import type { SecretSpan } from './secret-span.js';

interface Allowlist {
  regexes: RegExp[];
  stopwords: string[];
  target: 'secret' | 'match' | 'line';
}

interface CompiledRule {
  id: string;
  pattern: RegExp;
  /** How far the match reaches back over `[\w.-]` before where `pattern` starts it (see withoutLazyPrefix). */
  lookback: number;
  keywords: string[];
  secretGroup: number;
  entropy: number;
  allowlists: Allowlist[];
}

interface RawAllowlist {
  regexes?: string[];
  stopwords?: string[];
  regexTarget?: string;
}

/**
 * The two curl rules scan `.*` to the end of each of six lines from every `curl`, linear in RE2 but quadratic
 * here (4.6 s on 100 KB of `curl -H "`); a run of 512 characters is as far as a curl command's header reaches.
 */
function compile(go: string, extraFlags = ''): RegExp {
  const js = translateGoRegex(go);
  return new RegExp(
    js.source.replaceAll(String.raw`[^\n]*`, String.raw`[^\n]{0,512}`),
    js.flags + extraFlags,
  );
}

function compileAllowlist(raw: RawAllowlist): Allowlist {
  const target = raw.regexTarget === 'match' || raw.regexTarget === 'line' ? raw.regexTarget : 'secret';
  return {
    regexes: (raw.regexes ?? []).map((r) => compile(r)),
    stopwords: (raw.stopwords ?? []).map((w) => w.toLowerCase()),
    target,
  };
}

const GLOBAL = compileAllowlist(config.allowlist);

const PREFIX = String.raw`[\w.-]{0,50}?`;

/**
 * Most rules open with a lazy `[\w.-]{0,50}?` (twice over in five) so the match takes in the key's name. RE2 runs
 * it in linear time; a backtracking engine tries up to 50 (or 2,500) lengths at every position, seconds on 100 KB.
 * The prefix never changes whether a rule matches or its secret, so it is cut, and the match is stretched back over
 * those characters afterwards for the allowlists that look at the match.
 */
function withoutLazyPrefix(go: string): { go: string; lookback: number } {
  if (go.startsWith(`(?i)${PREFIX}`)) return { go: `(?i)${go.slice(4 + PREFIX.length)}`, lookback: 50 };
  const nested = `${PREFIX}(?i:${PREFIX}`;
  if (go.startsWith(nested)) return { go: `(?i:${go.slice(nested.length)}`, lookback: 100 };
  if (go.startsWith(PREFIX)) return { go: go.slice(PREFIX.length), lookback: 50 };
  return { go, lookback: 0 };
}

const RULES: CompiledRule[] = config.rules.map((r) => {
  const { go, lookback } = withoutLazyPrefix(r.regex);
  return {
    id: r.id,
    pattern: compile(go, 'gd'),
    lookback,
    keywords: (r.keywords ?? []).map((k) => k.toLowerCase()),
    secretGroup: 'secretGroup' in r && typeof r.secretGroup === 'number' ? r.secretGroup : 0,
    entropy: r.entropy ?? 0,
    allowlists: ((r as { allowlists?: RawAllowlist[] }).allowlists ?? []).map(compileAllowlist),
  };
});

/** Every rule's keywords (lower-case ASCII), the rules each switches on, and the scan that finds them in one pass. */
const KEYWORDS = [...new Set(RULES.flatMap((r) => r.keywords))];
const RULES_OF_KEYWORD = KEYWORDS.map((k) =>
  RULES.flatMap((r, index) => (r.keywords.includes(k) ? [index] : [])),
);
const RULES_WITHOUT_KEYWORDS = RULES.flatMap((r, index) => (r.keywords.length === 0 ? [index] : []));
const scanKeywords = buildKeywordScan(KEYWORDS);

/** The rules whose keywords occur in `lower`, in rule order, as gitleaks' Aho-Corasick prefilter finds them. */
function rulesFor(lower: string): number[] {
  const present = scanKeywords(lower);
  if (present.length === 0) return RULES_WITHOUT_KEYWORDS;
  const on = new Uint8Array(RULES.length);
  for (const r of RULES_WITHOUT_KEYWORDS) on[r] = 1;
  for (const k of present) for (const r of RULES_OF_KEYWORD[k] as number[]) on[r] = 1;
  const rules: number[] = [];
  for (let r = 0; r < on.length; r += 1) if (on[r] === 1) rules.push(r);
  return rules;
}

/** Every secret gitleaks' rules find in `text`; `lower` is `text.toLowerCase()` when the caller has it. */
export function findGitleaksSecrets(text: string, lower = text.toLowerCase()): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const index of rulesFor(lower)) {
    const rule = RULES[index] as CompiledRule;
    forEachMatch(rule.pattern, text, (m) => {
      const span = secretOf(rule, m, text);
      if (span) spans.push(span);
    });
  }
  return spans;
}

function secretOf(rule: CompiledRule, m: RegExpExecArray, text: string): SecretSpan | null {
  const indices = m.indices;
  if (!indices) return null;
  let at = indices[rule.secretGroup];
  if (rule.secretGroup === 0) at = indices.slice(1).find((g) => g !== undefined && g[1] > g[0]) ?? indices[0];
  if (!at) return null;
  const [start, end] = trimNewlines(text, at[0], at[1]);
  const secret = text.slice(start, end);
  if (secret.length === 0) return null;
  if (rule.entropy > 0 && shannonEntropy(secret) <= rule.entropy) return null;
  const match = (stretchBack(text, m.index, rule.lookback) + m[0]).replace(/^\n+|\n+$/g, '');
  const line = lineAround(text, m.index, m.index + m[0].length);
  for (const list of [GLOBAL, ...rule.allowlists]) if (allows(list, secret, match, line)) return null;
  return { start, end, rule: `gitleaks:${rule.id}` };
}

function stretchBack(text: string, at: number, lookback: number): string {
  let from = at;
  while (from > 0 && at - from < lookback && /[\w.-]/.test(text[from - 1] as string)) from -= 1;
  return text.slice(from, at);
}

function trimNewlines(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && text[s] === '\n') s += 1;
  while (e > s && text[e - 1] === '\n') e -= 1;
  return [s, e];
}

function lineAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const to = text.indexOf('\n', end);
  return text.slice(from, to === -1 ? text.length : to);
}

function allows(list: Allowlist, secret: string, match: string, line: string): boolean {
  const target = list.target === 'match' ? match : list.target === 'line' ? line : secret;
  if (list.regexes.some((r) => r.test(target))) return true;
  const lower = secret.toLowerCase();
  return list.stopwords.some((w) => lower.includes(w));
}
