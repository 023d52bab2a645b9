// Translates a Go (RE2) regular expression, as gitleaks writes its rules, into a JavaScript one: inline flags
// `(?i)`, `(?-i:…)`, `(?s:…)` (which Node 20's engine lacks) are spelled out, as are `\z` and `[[:alnum:]]`.
export interface JsRegex {
  source: string;
  flags: string;
}

interface Scope {
  ci: boolean;
  dotAll: boolean;
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: String.raw`\s`,
  xdigit: 'A-Fa-f0-9',
  word: String.raw`\w`,
  punct: String.raw`!-\/:-@\[-\x60{-~`,
};

/** Translates `go`; a pattern case-insensitive throughout becomes the `i` flag, any other mix is spelled out. */
export function translateGoRegex(go: string): JsRegex {
  if (go.startsWith('(?i)') && !go.includes('(?-i')) return { source: translate(go.slice(4)), flags: 'i' };
  return { source: translate(go), flags: '' };
}

function translate(go: string): string {
  const stack: Scope[] = [{ ci: false, dotAll: false }];
  let out = '';
  let i = 0;
  while (i < go.length) {
    const scope = stack[stack.length - 1] as Scope;
    const ch = go[i] as string;
    if (ch === '\\') {
      const [text, next] = escape(go, i);
      out += text;
      i = next;
    } else if (ch === '[') {
      const [text, next] = charClass(go, i, scope.ci);
      out += text;
      i = next;
    } else if (ch === '(') {
      const [text, next] = openGroup(go, i, stack);
      out += text;
      i = next;
    } else if (ch === ')') {
      if (stack.length > 1) stack.pop();
      out += ')';
      i += 1;
    } else {
      out += ch === '.' ? (scope.dotAll ? String.raw`[\s\S]` : String.raw`[^\n]`) : literal(ch, scope.ci);
      i += 1;
    }
  }
  return out;
}

function literal(ch: string, ci: boolean): string {
  const other = swapCase(ch);
  return ci && other !== ch ? `[${ch}${other}]` : ch;
}

function swapCase(ch: string): string {
  if (!/^[A-Za-z]$/.test(ch)) return ch;
  return ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
}

function escape(go: string, at: number): [string, number] {
  const c = go[at + 1] ?? '';
  if (c === 'z') return ['$', at + 2];
  if (c === 'A') return ['^', at + 2];
  if (c === 'x' && go[at + 2] === '{') {
    const end = go.indexOf('}', at);
    const hex = go.slice(at + 3, end);
    if (!/^[0-9a-fA-F]{1,4}$/.test(hex)) throw unsupported(go, `\\x{${hex}}`);
    return [`\\u${hex.padStart(4, '0')}`, end + 1];
  }
  if (c === 'x') return [go.slice(at, at + 4), at + 4];
  if ('pPQEC'.includes(c)) throw unsupported(go, `\\${c}`);
  return [`\\${c}`, at + 2];
}

/** A flag group `(?i)` changes the enclosing group's scope; `(?i:…)` and plain groups open a new scope. */
function openGroup(go: string, at: number, stack: Scope[]): [string, number] {
  const scope = stack[stack.length - 1] as Scope;
  const flags = /^\(\?([a-zA-Z-]*)([:)])/.exec(go.slice(at));
  if (flags && flags[1] !== undefined) {
    const next = withFlags(scope, flags[1]);
    const end = at + flags[0].length;
    if (flags[2] === ')') {
      stack[stack.length - 1] = next;
      return ['', end];
    }
    stack.push(next);
    return ['(?:', end];
  }
  stack.push({ ...scope });
  if (go.startsWith('(?P<', at)) return ['(?<', at + 4];
  return ['(', at + 1];
}

function withFlags(scope: Scope, spec: string): Scope {
  const next = { ...scope };
  let on = true;
  for (const f of spec) {
    if (f === '-') on = false;
    else if (f === 'i') next.ci = on;
    else if (f === 's') next.dotAll = on;
    else throw unsupported(spec, `flag ${f}`);
  }
  return next;
}

/** Copies a class `[…]`, expanding POSIX names, and adds the other case of each letter when case-insensitive. */
function charClass(go: string, at: number, ci: boolean): [string, number] {
  let i = at + 1;
  let head = '[';
  if (go[i] === '^') {
    head += '^';
    i += 1;
  }
  const items: string[] = [];
  let first = true;
  while (i < go.length && (go[i] !== ']' || first)) {
    first = false;
    if (go.startsWith('[:^', i)) throw unsupported(go, 'a negated POSIX class');
    const posix = /^\[:([a-z]+):\]/.exec(go.slice(i));
    const named = posix ? POSIX_CLASSES[posix[1] as string] : undefined;
    if (posix && named !== undefined) {
      items.push(named);
      i += posix[0].length;
    } else if (go[i] === '\\') {
      const [text, next] = escape(go, i);
      items.push(text);
      i = next;
    } else {
      items.push(go[i] === '[' ? '\\[' : (go[i] as string));
      i += 1;
    }
  }
  const extra = ci ? otherCases(items) : '';
  return [`${head}${items.join('')}${extra}]`, i + 1];
}

function otherCases(items: readonly string[]): string {
  let extra = '';
  for (let k = 0; k < items.length; k += 1) {
    const item = items[k] as string;
    const to = items[k + 2];
    if (items[k + 1] === '-' && to !== undefined && sameCaseLetters(item, to)) {
      extra += `${swapCase(item)}-${swapCase(to)}`;
      k += 2;
    } else if (/^[A-Za-z]$/.test(item)) {
      extra += swapCase(item);
    }
  }
  return extra;
}

function sameCaseLetters(a: string, b: string): boolean {
  return (/^[a-z]$/.test(a) && /^[a-z]$/.test(b)) || (/^[A-Z]$/.test(a) && /^[A-Z]$/.test(b));
}

/** Constructs gitleaks' rules do not use today; a newer rule that does fails loudly rather than matching wrongly. */
function unsupported(go: string, what: string): Error {
  return new Error(`go-regex: ${what} is not translated (in ${go})`);
}
