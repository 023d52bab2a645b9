// The route fuzz: thousands of bad requests to every operation of the OpenAPI document (and the routes served
// outside it), without credentials and with the route's rightful ones, from a fixed seed. No answer may be a 5xx
// (except a route's documented 501, or a documented 503 that says when to retry), and the process keeps answering:
// in process between routes, and over a real socket after raw garbage at the end.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/platform/seeded-random.js';
import {
  documentedOperations,
  readOpenApi,
  undocumentedOperations,
  type OpenApiDocument,
  type RouteOperation,
} from './api-routes.js';
import { OperationFuzzer, type FuzzRequest } from './fuzz-requests.js';
import { pick } from './fuzz-values.js';
import { ROUTE_ACCESS, type RouteContext } from './route-access.js';
import {
  cookiesOf,
  startSecurityPlatform,
  type Identity,
  type SecurityPlatform,
} from './security-platform.js';

const SEED = 0x5eed_c4;
/** Requests per operation and kind of caller (the systematic cases come first, random mixes fill up). */
const PER_OPERATION = 40;
/** Routes where a request that gets through costs an argon2 hash (~100 ms here): their systematic cases only. */
const PASSWORD_ROUTES = new Set(['POST /api/user/create', 'POST /api/user/authenticate']);
/** The password routes, and the static pages outside /api (the OpenAPI document costs ~70 ms to build). */
const systematicOnly = (op: RouteOperation): boolean =>
  PASSWORD_ROUTES.has(op.key) || !op.path.startsWith('/api/');
/** Seeds of the fuzz where the matrix's request stops early: a real dataset, so its filters are parsed. */
const FUZZ_SEEDS: Record<string, { path: string }> = {
  'GET /api/datasets/{name}': { path: '/api/datasets/completions?format=ndjson&model_id=1' },
};
const REQUEST_TIMEOUT_MS = 10_000;
const CONCURRENCY = 4;

let platform: SecurityPlatform;
let doc: OpenApiDocument;

beforeAll(async () => {
  // A small body limit keeps the oversized bodies cheap; pins are never waited for (no projections run here).
  platform = await startSecurityPlatform({ bodyLimitBytes: 256 * 1024, datasetPinWaitMs: 0 });
  doc = await readOpenApi(platform.app);
}, 60_000);
afterAll(async () => {
  await platform?.close();
});

interface Finding {
  route: string;
  label: string;
  status: number | string;
  body: string;
}

/** Credentials that are not credentials, for the callers without any. */
const JUNK_CREDENTIALS: Array<Record<string, string>> = [
  {},
  { cookie: "auth_token=%zz; session_token=; project_token='" },
  { cookie: `auth_token=${'a'.repeat(8_000)}` },
  { authorization: 'Bearer c4m_rt_' + 'A'.repeat(43) },
  { authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64') },
  { cookie: 'auth_token=1; auth_token=2; auth_token=3' },
];

/** A signed-in caller the route lets in, with its headers. */
async function rightfulCaller(key: string): Promise<{ who: Identity; headers: Record<string, string> }> {
  const access = ROUTE_ACCESS[key]?.access ?? 'public';
  const role =
    access === 'research' || access === 'admin'
      ? 'admin'
      : access === 'own-or-research'
        ? 'researcher'
        : 'user';
  const who = await platform.signIn(role);
  const headers: Record<string, string> =
    role === 'user' ? { cookie: cookiesOf(who) } : { authorization: `Bearer ${who.apiToken ?? ''}` };
  return { who, headers };
}

/** The matrix's valid request of the route for this caller, where it has one. */
async function validRequest(key: string, who: Identity) {
  const ctx: RouteContext = { platform, me: who, victim: { ...who, queryId: '', chatId: '' } };
  return ROUTE_ACCESS[key]?.request(ctx);
}

/** A 5xx that is part of the route's contract: 501 (not implemented) or a 503 with Retry-After. */
function documentedFailure(op: RouteOperation, res: Response): boolean {
  if (!(String(res.status) in op.operation.responses)) return false;
  return res.status === 501 || (res.status === 503 && res.headers.has('retry-after'));
}

async function answer(
  req: FuzzRequest,
  extra: Record<string, string>,
): Promise<{ res: Response; text: string }> {
  const init: RequestInit = { method: req.method, headers: { ...extra, ...req.headers } };
  if (req.body !== undefined) init.body = req.body;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  try {
    const res = await Promise.race([platform.app.request(req.path, init), timeout]);
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { res, text: '' };
    }
    return { res, text: await Promise.race([res.text(), timeout]) };
  } finally {
    clearTimeout(timer);
  }
}

/** The statuses each caller got from each route: `GET /api/x with rightful credentials` → status → count. */
type Statuses = Map<string, Map<number, number>>;

async function fuzzOperation(op: RouteOperation, findings: Finding[], statuses: Statuses): Promise<number> {
  const rnd = seededRandom(SEED ^ hash(op.key));
  let sent = 0;
  for (const caller of ['without credentials', 'with rightful credentials'] as const) {
    // A fresh rightful caller per pass: a request of the fuzz may log it out or erase it.
    const rightful = await rightfulCaller(op.key);
    const fuzzer = new OperationFuzzer(
      doc,
      op,
      rnd,
      FUZZ_SEEDS[op.key] ?? (await validRequest(op.key, rightful.who)),
    );
    const headers = caller === 'without credentials' ? pick(rnd, JUNK_CREDENTIALS) : rightful.headers;
    const seen = new Map<number, number>();
    statuses.set(`${op.key} ${caller}`, seen);
    const requests = fuzzer.requests(systematicOnly(op) ? 0 : PER_OPERATION);
    sent += requests.length;
    // A few at once, as several plugins would send them: races between requests must not be a 5xx either.
    await inParallel(requests, CONCURRENCY, async (req) => {
      const route = `${op.key} ${caller}`;
      try {
        const { res, text } = await answer(req, headers);
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        if (res.status >= 500 && !documentedFailure(op, res)) {
          findings.push({ route, label: req.label, status: res.status, body: text.slice(0, 300) });
        }
      } catch (err) {
        findings.push({ route, label: req.label, status: 'threw', body: String(err) });
      }
    });
  }
  return sent;
}

async function inParallel<T>(
  items: readonly T[],
  width: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

function hash(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

describe('the route fuzz', () => {
  it('answers thousands of bad requests to every route without a 5xx, and keeps answering', async () => {
    const operations = [...documentedOperations(doc), ...undocumentedOperations(platform.app, doc)];
    // Every route is fuzzed: the matrix's table lists them all, and each is here.
    const covered = new Set(operations.map((o) => o.key));
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !covered.has(k))).toEqual([]);

    const findings: Finding[] = [];
    const statuses: Statuses = new Map();
    let sent = 0;
    for (const op of operations) {
      const started = Date.now();
      sent += await fuzzOperation(op, findings, statuses);
      if (process.env.SECURITY_FUZZ_REPORT) console.log(`${op.key}: ${Date.now() - started} ms`);
      const ping = await platform.app.request('/api/ping');
      expect(ping.status, `after ${op.key}`).toBe(200);
    }
    if (process.env.SECURITY_FUZZ_REPORT)
      console.log(JSON.stringify([...statuses].map(([k, m]) => [k, Object.fromEntries(m)])));
    expect(findings.slice(0, 20)).toEqual([]);
    // The fuzz gets past the credential checks: with the rightful ones, every route answers more than 401/403.
    const stoppedAtTheDoor = [...statuses]
      .filter(([k]) => k.endsWith('with rightful credentials'))
      .filter(([, m]) => [...m.keys()].every((s) => s === 401 || s === 403))
      .map(([k]) => k);
    expect(stoppedAtTheDoor).toEqual([]);
    expect(sent).toBeGreaterThan(3_000);
  }, 240_000);

  it('keeps serving over a real socket after malformed HTTP', async () => {
    const server: ServerType = serve({ fetch: platform.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    try {
      const garbage = [
        'GARBAGE\r\n\r\n',
        'GET /api/ping HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'a'.repeat(100_000) + '\r\n\r\n',
        'POST /api/completion/request HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a"',
        'POST /api/user/create HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n',
        'GET /api/%zz HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /api/completion/%00 HTTP/1.1\r\nHost: x\r\nCookie: session_token=%00\r\n\r\n',
        'PUT /api/user/update HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
        'GET /api/ping HTTP/9.9\r\nHost: x\r\n\r\n',
      ];
      const statuses = await Promise.all(garbage.map((raw) => sendRaw(port, raw)));
      for (const [i, status] of statuses.entries()) {
        // A status line, if any came before the socket closed, is never a 5xx.
        expect(status === undefined || status < 500, `garbage #${i} answered ${status}`).toBe(true);
      }
      const ping = await fetch(`http://127.0.0.1:${port}/api/ping`);
      expect(ping.status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/** Writes raw bytes, half-closes after a moment, and returns the status of the answer's first line, if any. */
function sendRaw(port: number, raw: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setTimeout(3_000, () => socket.destroy());
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      resolve(match ? Number(match[1]) : undefined);
    });
    socket.write(raw, () => socket.end());
  });
}
