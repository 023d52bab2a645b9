// Tells a value worth hiding from what code puts where a secret goes without being one: placeholders, template
// and environment references, variable names, type names, paths and the words that label a field.

const PLACEHOLDER =
  /changeme|change[_-]me|replace|example|placeholder|your[_-]?|insert|here\b|dummy|sample|fake|todo|tbd|xxx|\*\*\*|redacted|<[\w .-]*>|\$\{|\{\{|%\(|^\$[A-Za-z_]|^%[A-Za-z_]+%$|^@[A-Za-z_]+@$|\.\.\.|<hidden>/i;

const WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'test',
  'testing',
  'wrong',
  'guest',
  'admin',
  'root',
  'user',
  'username',
  'null',
  'none',
  'nil',
  'true',
  'false',
  'undefined',
  'string',
  'str',
  'number',
  'int',
  'boolean',
  'bool',
  'any',
  'required',
  'optional',
  'empty',
  'default',
  'value',
  'hidden',
  'pass',
  'pwd',
  'foo',
  'bar',
  'baz',
  'qwerty',
  'bearer',
  'basic',
  'self',
  'this',
  'sensitive',
  'unknown',
  'readonly',
  'secure',
]);

/** Names that say what the value is rather than being it. */
const LABELS = /password|passwd|secret|token|api[_-]?key|credential/i;

/** Dotted or snake-case names (`raw_password`, `config.db.password`, `os.environ`) are variables, not values. */
const VARIABLE = /^[A-Za-z_$][\w$]*(?:[._][\w$]+)+$/;

/** Whether `value`, found where a secret is expected, is plausibly a real one. */
export function isPlausibleSecretValue(value: string): boolean {
  if (value.length < 4) return false;
  if (/^(.)\1*$/.test(value)) return false;
  if (WORDS.has(value.toLowerCase())) return false;
  if (PLACEHOLDER.test(value) || LABELS.test(value)) return false;
  if (/^(?:\.{0,2}\/|~\/|[a-z]+:\/\/|[A-Za-z]:\\)/.test(value)) return false;
  if (VARIABLE.test(value) && !/\d/.test(value)) return false;
  return true;
}
