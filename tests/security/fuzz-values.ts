// Values for the route fuzz: a valid sample of a JSON schema (from the OpenAPI document), and the bad values
// put in its place: wrong types, out-of-range numbers, huge strings, odd unicode, injection-shaped text.
import { resolveSchema, type JsonSchema, type OpenApiDocument } from './api-routes.js';

export type Random = () => number;

export const pick = <T>(rnd: Random, items: readonly T[]): T => {
  const item = items[Math.floor(rnd() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

let sampleSerial = 0;

/** A value the schema accepts, as far as its JSON Schema says (refinements in code may still refuse it). */
export function sampleOf(doc: OpenApiDocument, raw: JsonSchema, depth = 0): unknown {
  const s = resolveSchema(doc, raw);
  const example = (s as { example?: unknown }).example;
  if (example !== undefined) return example;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const alternative = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (alternative) return sampleOf(doc, alternative, depth);
  if (s.allOf?.[0]) return sampleOf(doc, s.allOf[0], depth);
  const type = typesOf(s).find((t) => t !== 'null') ?? (s.properties ? 'object' : 'string');
  switch (type) {
    case 'object': {
      if (depth > 6) return {};
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(name) || depth === 0) out[name] = sampleOf(doc, prop, depth + 1);
      }
      return out;
    }
    case 'array':
      return s.items ? [sampleOf(doc, s.items, depth + 1)] : [];
    case 'integer':
      return Math.max(1, Math.ceil(s.minimum ?? (s.exclusiveMinimum ?? 0) + 1));
    case 'number':
      return s.minimum ?? 0.5;
    case 'boolean':
      return true;
    default:
      return stringSample(s);
  }
}

function stringSample(s: JsonSchema): string {
  sampleSerial += 1;
  if (s.format === 'uuid') return '00000000-0000-4000-8000-' + String(sampleSerial).padStart(12, '0');
  if (s.format === 'email') return `fuzz${sampleSerial}@example.org`;
  if (s.format === 'date-time') return '2030-01-01T00:00:00Z';
  const base = 'Sample1a';
  return base.padEnd(Math.max(s.minLength ?? 0, base.length), 'x').slice(0, s.maxLength ?? 100);
}

/** Strings no field should choke on. */
export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  '\ufeff',
  'e\u0301\u0301\u0301\u0301',
  '😀'.repeat(50),
  '𝕳𝖊𝖑𝖑𝖔',
  '\r\n\r\nHTTP/1.1 200 OK',
  '\'; DROP TABLE "user"; --',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '%00%ff%fe',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'true',
  'null',
  '[object Object]',
  '__proto__',
];

export const hugeString = (rnd: Random): string =>
  pick(rnd, ['x', 'é', '😀', '\u0000', 'ab\n'] as const).repeat(pick(rnd, [10_000, 100_000, 250_000]));

/** Own `__proto__` and `constructor` keys, as JSON.parse makes them (an object literal would set the prototype). */
const PROTOTYPE_KEYS = ['{}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}'];

/** A value of the wrong type or beyond any sane range, for any field. */
export function badValue(rnd: Random): unknown {
  const kinds: Array<() => unknown> = [
    () => null,
    () => pick(rnd, [0, -1, 1.5, -2_147_483_649, 2_147_483_648, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308]),
    () => pick(rnd, ODD_STRINGS),
    () => hugeString(rnd),
    () => pick(rnd, [true, false]),
    () => pick(rnd, [[], [null], [1, 'a', {}], Array.from({ length: 5_000 }, (_, i) => i)]),
    () => JSON.parse(pick(rnd, PROTOTYPE_KEYS)) as unknown,
    () => nested(pick(rnd, [50, 1_000])),
  ];
  return pick(rnd, kinds)();
}

function nested(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Path segments and query values that are not what the route takes. */
export const BAD_PARAM_VALUES: readonly string[] = [
  '',
  '0',
  '-1',
  '1.5',
  '9'.repeat(40),
  '1e309',
  'NaN',
  'abc',
  '00000000-0000-0000-0000-00000000000g',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '%00',
  '%zz',
  '%',
  '..%2F..%2Fetc%2Fpasswd',
  encodeURIComponent('😀\u202e'),
  encodeURIComponent('\'; DROP TABLE "user"; --'),
  'a'.repeat(5_000),
  '%F0%9F',
  '%C0%AF',
];
