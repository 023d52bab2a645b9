// Bad requests for one operation of the OpenAPI document: its valid request, then every path and query parameter
// and every body field replaced by bad values, required fields dropped, bodies that are no JSON or of the wrong
// content type or too large, and random mixes of these, from a seeded generator so a run repeats exactly.
import type { JsonSchema, OpenApiDocument, RouteOperation } from './api-routes.js';
import { BAD_PARAM_VALUES, badValue, ODD_STRINGS, pick, sampleOf, type Random } from './fuzz-values.js';

export interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

interface Valid {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

const JSON_TYPE = 'application/json';

const BAD_JSON: readonly string[] = [
  '{',
  '{"a":',
  '[1,2',
  'nul',
  '{"a":1}}',
  '{"a":1,}',
  "{'a':1}",
  '\ufeff{}',
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}',
  '1e400',
  '"\\ud800"',
  '"\\u0000"',
  '['.repeat(50_000) + ']'.repeat(50_000),
  '{"a":"' + '\\'.repeat(9) + '"}',
  ' ',
  '',
];

const NOT_OBJECTS: readonly string[] = ['null', '0', '-1', '"text"', '[]', '[{}]', 'true', '{}'];

const WRONG_CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zzz',
  'application/json; charset=utf-16',
  'application/jsonx',
  'application/xml',
  '*/*',
  'application/json, text/plain',
];

/** Every request body field's path in the sample (object keys and the first element of arrays). */
function fieldPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) {
    return value.length > 0 ? [[...prefix, 0], ...fieldPaths(value[0], [...prefix, 0])] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...fieldPaths(v, [...prefix, k])]);
}

const clone = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function withField(body: unknown, path: Array<string | number>, value: unknown, drop = false): unknown {
  const root = clone(body);
  let at = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (drop) delete at[last];
  else at[last] = value;
  return root;
}

const encode = (v: string): string => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as the bytes a client would send
  }
};

/** The params, query and body of a concrete request to the route `template` (`/api/x/{id}`). */
function fromSeed(template: string, seed: { path: string; body?: unknown }): Valid {
  const url = new URL(seed.path, 'http://fuzz');
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}$`).exec(url.pathname);
  if (!match) throw new Error(`${seed.path} is not a request to ${template}`);
  return {
    params: Object.fromEntries(names.map((n, i) => [n, match[i + 1] ?? ''])),
    query: Object.fromEntries([...url.searchParams].map(([k, v]) => [k, encode(v)])),
    body: seed.body,
  };
}

export class OperationFuzzer {
  private readonly valid: Valid;
  private readonly jsonBody: JsonSchema | undefined;

  /** `seed`: a valid request of the route (the matrix's), whose params, query and body the mutations start from. */
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly op: RouteOperation,
    private readonly rnd: Random,
    seed?: { path: string; body?: unknown },
  ) {
    const parameters = op.operation.parameters ?? [];
    const of = (where: string) => parameters.filter((p) => p.in === where);
    this.jsonBody = op.operation.requestBody?.content[JSON_TYPE]?.schema;
    const sampled: Valid = {
      params: Object.fromEntries(of('path').map((p) => [p.name, String(sampleOf(doc, p.schema ?? {}))])),
      query: Object.fromEntries(
        of('query')
          .filter((p) => p.required)
          .map((p) => [p.name, String(sampleOf(doc, p.schema ?? {}))]),
      ),
      body: this.jsonBody ? sampleOf(doc, this.jsonBody) : undefined,
    };
    this.valid = seed ? fromSeed(op.path, seed) : sampled;
  }

  /** The systematic requests, then random mixes up to `total`. */
  requests(total: number): FuzzRequest[] {
    const out = [
      this.request('valid', {}),
      ...this.methodCases(),
      ...this.paramCases(),
      ...this.queryCases(),
      ...this.bodyCases(),
    ];
    while (out.length < total) out.push(this.randomMix());
    return out;
  }

  private request(
    label: string,
    change: Partial<Valid> & {
      rawBody?: string | Uint8Array;
      contentType?: string | null;
      rawQuery?: string;
    },
  ): FuzzRequest {
    const params = { ...this.valid.params, ...change.params };
    const query = change.query ?? this.valid.query;
    let path = this.op.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
    const search =
      change.rawQuery ??
      Object.entries(query)
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
    if (search) path += `?${search}`;
    const headers: Record<string, string> = {};
    const chosen = 'body' in change ? change.body : this.valid.body;
    const body = change.rawBody ?? (chosen === undefined ? undefined : JSON.stringify(chosen));
    const contentType = change.contentType === undefined ? JSON_TYPE : change.contentType;
    if (body !== undefined && contentType !== null) headers['content-type'] = contentType;
    return { label, method: this.op.method, path, headers, body };
  }

  /** The valid request with every other method, a 100 KB path and a Cookie header of a thousand cookies. */
  private methodCases(): FuzzRequest[] {
    const valid = this.request('valid', {});
    const others = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter(
      (m) => m !== this.op.method,
    );
    const withoutBody = (m: string) => m === 'GET' || m === 'HEAD';
    return [
      ...others.map((method) => ({
        ...valid,
        label: `method ${method}`,
        method,
        ...(withoutBody(method) ? { body: undefined, headers: {} } : {}),
      })),
      {
        ...valid,
        label: 'long path',
        path: `${valid.path}${valid.path.includes('?') ? '&' : '?'}p=${'a'.repeat(100_000)}`,
      },
      {
        ...valid,
        label: 'a thousand cookies',
        headers: {
          ...valid.headers,
          cookie: Array.from({ length: 1_000 }, (_, i) => `c${i}=${i}`).join('; '),
        },
      },
    ];
  }

  private paramCases(): FuzzRequest[] {
    return Object.keys(this.valid.params).flatMap((name) =>
      BAD_PARAM_VALUES.map((v) => this.request(`path ${name}=${v.slice(0, 20)}`, { params: { [name]: v } })),
    );
  }

  private queryCases(): FuzzRequest[] {
    const declared = (this.op.operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    const cases = declared.flatMap((name) => [
      ...BAD_PARAM_VALUES.filter(() => this.rnd() < 0.5).map((v) =>
        this.request(`query ${name}=${v.slice(0, 20)}`, { query: { ...this.valid.query, [name]: v } }),
      ),
      this.request(`query ${name} twice`, { rawQuery: `${name}=1&${name}=2` }),
      this.request(`query ${name} odd`, {
        query: { ...this.valid.query, [name]: encode(pick(this.rnd, ODD_STRINGS)) },
      }),
    ]);
    const junk = [
      'zzz=1',
      '&&=&',
      '%zz=1',
      'a[b][c]=1',
      `${'q'.repeat(3_000)}=1`,
      'x=' + '%41'.repeat(2_000),
    ];
    return [...cases, ...junk.map((q) => this.request(`query ${q.slice(0, 20)}`, { rawQuery: q }))];
  }

  private bodyCases(): FuzzRequest[] {
    if (this.op.method === 'GET' || this.op.method === 'HEAD') return []; // fetch sends no body with these
    const raw = (label: string, rawBody: string | Uint8Array, contentType?: string | null) =>
      this.request(label, { rawBody, contentType });
    const out = [
      ...BAD_JSON.map((b) => raw(`bad JSON ${b.slice(0, 20)}`, b)),
      ...NOT_OBJECTS.map((b) => raw(`JSON ${b}`, b)),
      raw(
        'invalid UTF-8',
        new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]),
      ),
      raw('over the body limit', `{"a":"${'x'.repeat(300 * 1024)}"}`),
    ];
    const validText = JSON.stringify(this.valid.body ?? {});
    out.push(...WRONG_CONTENT_TYPES.map((t) => raw(`content-type ${t}`, validText, t)));
    out.push(raw('no content-type', validText, null));
    if (this.valid.body === undefined) return out;
    for (const path of fieldPaths(this.valid.body)) {
      const at = path.join('.');
      out.push(this.request(`drop ${at}`, { body: withField(this.valid.body, path, undefined, true) }));
      for (let i = 0; i < 2; i++) {
        out.push(this.request(`bad ${at}`, { body: withField(this.valid.body, path, badValue(this.rnd)) }));
      }
    }
    return out;
  }

  private randomMix(): FuzzRequest {
    const paths = fieldPaths(this.valid.body);
    let body = this.valid.body;
    const params = { ...this.valid.params };
    const query = { ...this.valid.query };
    const labels: string[] = [];
    const mutations = 1 + Math.floor(this.rnd() * 3);
    for (let i = 0; i < mutations; i++) {
      const r = this.rnd();
      if (r < 0.6 && paths.length > 0) {
        const path = pick(this.rnd, paths);
        body = withField(body, path, badValue(this.rnd));
        labels.push(`body ${path.join('.')}`);
      } else if (r < 0.8 && Object.keys(params).length > 0) {
        const name = pick(this.rnd, Object.keys(params));
        params[name] = pick(this.rnd, BAD_PARAM_VALUES);
        labels.push(`path ${name}`);
      } else {
        const name = pick(this.rnd, [...(this.op.operation.parameters ?? []).map((p) => p.name), 'zzz']);
        query[name] = encode(pick(this.rnd, [...ODD_STRINGS, ...BAD_PARAM_VALUES]));
        labels.push(`query ${name}`);
      }
    }
    return this.request(`mix: ${labels.join(', ')}`, { body, params, query });
  }
}
