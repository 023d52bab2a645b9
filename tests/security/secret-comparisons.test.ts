// No secret is compared with === in the server's code: every comparison whose operand is named like a token, a
// secret, a password, a hash or a session id is against a literal (undefined, a type name) or listed below with
// why it holds no secret. A new one fails here: use secretsEqual (src/auth/constant-time.ts) instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'projections', 'events'];
const SECRET_NAME = /(token|secret|passw|hash|session_?id)\w*$/i;
const LITERAL = /^(undefined|null|true|false|\d+|'[^']*'|"[^"]*"|`[^`]*`)$/;
const COMPARISON = /([\w.?[\]'"`-]+)\s*(?:===|!==)\s*([\w.?[\]'"`-]+)/g;

/** file: operand names compared there that are no secrets. */
const NOT_SECRETS: Record<string, string[]> = {
  // Model output tokens, when looking for a repeating loop.
  'src/inference/onnx/loop-stop.ts': ['tokens[end'],
  // A NATS subject's user token against a replay slice's user id.
  'src/replay/slice-match.ts': ['userToken'],
  // The content hash of published reference data (public model and language names).
  'src/accounts/publish-reference-data.ts': ['last?.contentHash', 'hash'],
  // Subject tokens (event type names) in the projection runner.
  'projections/runner/decode-message.ts': ['token', 'typeToken(event.type)'],
  // The user.erased subject token (an event type name) against a message's.
  'events/erased-users.ts': ['ERASED_TOKEN'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The operands of a line's comparisons that are named like secrets and not allowed for its file. */
function secretOperands(line: string, allowed: readonly string[] = []): string[] {
  if (/^\s*(\/\/|\*)/.test(line)) return [];
  return [...line.matchAll(COMPARISON)].flatMap(([, left = '', right = '']) => {
    if (LITERAL.test(left) || LITERAL.test(right) || line.includes(`typeof ${left}`)) return [];
    return [left, right].filter(
      (side) => SECRET_NAME.test(side.replace(/[?.)\]]+$/, '')) && !allowed.some((a) => side.startsWith(a)),
    );
  });
}

function secretComparisons(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) =>
      secretOperands(line, NOT_SECRETS[file]).length > 0 ? [`${file}:${i + 1}: ${line.trim()}`] : [],
    );
}

describe('secret comparisons', () => {
  it('compare no token, secret, password, hash or session id with === or !==', () => {
    const found = ROOTS.flatMap(sourceFiles).flatMap(secretComparisons);
    expect(found).toEqual([]);
  });

  it('would find one', () => {
    // The scan itself, on a line it must flag: a test of a guard that cannot fail would prove nothing.
    expect(secretOperands('  if (presented === session.token) return true;')).toEqual(['session.token']);
    expect(secretOperands('  if (token !== undefined) return;')).toEqual([]);
  });
});
