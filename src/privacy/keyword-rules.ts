// Secrets known by the name they are given rather than their shape, which gitleaks' rules leave to an entropy
// floor that human passwords never reach: values of keys like password/secret/token/api_key in code and config,
// XML elements, `Password=` in connection strings, passwords in URLs and query strings, on command lines
// (`-u user:pass`, `mysql -p…`, `PGPASSWORD=… psql`), Basic-auth pairs, Bearer tokens and our own researcher
// API tokens (`c4m_rt_…`, docs/accounts.md).
import { forEachMatch } from './for-each-match.js';
import { isPlausibleSecretValue } from './secret-value.js';
import type { SecretSpan } from './secret-span.js';

/** Names whose value is a secret; a key matches when it ends with one (`DB_PASSWORD`, `sessionSecret`). */
const KEYWORD = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|token|apikey|client[_-]?secret|(?:api|access|auth|secret|private|signing|encryption|master|client)[_-]?key|auth)`;

interface Rule {
  name: string;
  pattern: RegExp;
  /** The capture group holding the value. */
  group: number;
  /** Text the rule cannot match without (case-sensitive), checked first because it is cheaper. */
  needs?: string;
  /** Lower-case words one of which every match holds: the rule is skipped when the lower-cased text has none. */
  anyOf?: readonly string[];
}

/** What every match of KEYWORD holds, lower-cased. */
const KEYWORD_WORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth'] as const;

const RULES: Rule[] = [
  {
    name: 'quoted secret assignment',
    pattern: new RegExp(
      String.raw`${KEYWORD}\b["']?(?:[ \t]*:[ \t]*&?[\w<>\[\]]+)?[ \t]*(?::=|=>|=|:)[ \t]*(?:\[\]byte\(|bytes\(|String\(|SecretStr\(|b(?=["']))?(["'\x60])([^"'\x60\s]{4,512})\1`,
      'gi',
    ),
    group: 2,
    anyOf: KEYWORD_WORDS,
  },
  {
    name: 'quoted secret argument',
    pattern: new RegExp(
      String.raw`["'][\w.-]{0,40}?${KEYWORD}["'][ \t]*,[ \t]*(["'\x60])([^"'\x60\s]{4,512})\1`,
      'gi',
    ),
    group: 2,
    anyOf: KEYWORD_WORDS,
  },
  {
    name: 'unquoted secret assignment',
    pattern: new RegExp(
      String.raw`^[ \t]*(?:export[ \t]+|-[ \t]+)?[\w.$-]{0,40}?${KEYWORD}[ \t]*(?:=|:)[ \t]*([^\s"'\x60#;,(){}\[\]<>][^\s"'\x60;,(){}\[\]<>]{3,511})[ \t]*(?:#.*)?$`,
      'gim',
    ),
    group: 1,
    anyOf: KEYWORD_WORDS,
  },
  {
    name: 'secret element',
    pattern: new RegExp(String.raw`<([\w.-]{0,40}?${KEYWORD})>[ \t]*([^<\s]{4,512})[ \t]*</\1>`, 'gi'),
    group: 2,
    anyOf: KEYWORD_WORDS,
  },
  {
    name: 'connection string password',
    pattern: /(?:^|[;?&"'\s])(?:password|passwd|pwd)[ \t]*=[ \t]*([^;&"'\s,(){}[\]]{3,256})/gim,
    group: 1,
    anyOf: ['pass', 'pwd'],
  },
  {
    name: 'password in url',
    pattern: /\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@'"`]{0,256}:([^\s@/'"`]{3,256})@/gi,
    group: 1,
    needs: '://',
  },
  {
    name: 'shell secret variable',
    pattern:
      /(?:^|[\s;&|(])(?:export[ \t]+)?[A-Z0-9_]{0,40}(?:PASSWORD|PASSWD|PWD|PASS|SECRET|TOKEN|API_?KEY)=([^\s"'\x60$;&|()]{4,512})/gm,
    group: 1,
    anyOf: ['pass', 'pwd', 'secret', 'token', 'key'],
  },
  {
    name: 'secret in url query',
    pattern:
      /[?&](?:key|api[_-]?key|apikey|token|access[_-]?token|secret|password|sig|signature)=([^&\s"'#<>]{16,512})/gi,
    group: 1,
    anyOf: ['key', 'token', 'secret', 'pass', 'sig'],
  },
  {
    name: 'user and password argument',
    pattern: /(?:^|\s)(?:-u|--user)(?:[ \t]+|=)["']?[^\s:"']{1,64}:([^\s"']{3,256})/gm,
    group: 1,
    needs: '-u',
  },
  {
    name: 'mysql password argument',
    pattern: /\bmysql(?:dump|admin)?\b[^\n]*?[ \t]-p([^\s"']{3,256})/g,
    group: 1,
    needs: 'mysql',
  },
  {
    name: 'basic auth pair',
    pattern: /\bauth[ \t]*=[ \t]*\([ \t]*["'][^"'\n]{1,64}["'][ \t]*,[ \t]*(["'])([^"'\s]{3,256})\1/g,
    group: 2,
    needs: 'auth',
  },
  {
    name: 'bearer token',
    pattern: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{20,2048}=*)/g,
    group: 1,
    needs: 'Bearer',
  },
  {
    name: 'code4me api token',
    pattern: /\b(c4m_rt_[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    group: 1,
    needs: 'c4m_rt_',
  },
];

/** Every hint word of the rules, each a bit of hintsIn's answer. */
const HINT_WORDS = [...new Set(RULES.flatMap((r) => r.anyOf ?? []))];
/** A rule without hint words runs on every text. */
const ALWAYS = -1;
const HINT_MASKS = RULES.map((r) =>
  r.anyOf === undefined ? ALWAYS : r.anyOf.reduce((mask, w) => mask | (1 << HINT_WORDS.indexOf(w)), 0),
);

/** Which of HINT_WORDS `lower` holds, as a bit mask. */
function hintsIn(lower: string): number {
  let mask = 0;
  for (let i = 0; i < HINT_WORDS.length; i += 1) if (lower.includes(HINT_WORDS[i] as string)) mask |= 1 << i;
  return mask;
}

/** Every secret the keyword rules find in `text`; `lower` is `text.toLowerCase()` when the caller has it. */
export function findKeywordSecrets(text: string, lower = text.toLowerCase()): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const hints = hintsIn(lower);
  for (let i = 0; i < RULES.length; i += 1) {
    const rule = RULES[i] as Rule;
    const mask = HINT_MASKS[i] as number;
    if (mask !== ALWAYS && (hints & mask) === 0) continue;
    if (rule.needs !== undefined && !text.includes(rule.needs)) continue;
    forEachMatch(rule.pattern, text, (m) => {
      const value = m[rule.group];
      if (value === undefined || !isPlausibleSecretValue(value)) return;
      const start = m.index + m[0].lastIndexOf(value);
      spans.push({ start, end: start + value.length, rule: rule.name });
    });
  }
  return spans;
}
