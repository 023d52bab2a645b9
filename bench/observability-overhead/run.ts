// The cost of the api's observability middleware (request id echoed as X-Request-Id, route-template metrics) per request,
// side by side in one run: the same Hono route with and without it, in alternating rounds, through app.request (no
// sockets, so the middleware's share is as large as it can be), then over HTTP (@hono/node-server, 10 keep-alive
// clients of bench/lib/load.ts in the same process).
// Run: npx tsx bench/observability-overhead/run.ts [-- --requests 20000 --rounds 5 --seconds 3]
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { runLoad, type LoadResult } from '../lib/load.js';
import { createObservability, ensureHttpMetrics } from '../../src/observability/index.js';
import { requestContext } from '../../src/api/middleware/request-context.js';
import { requestMetrics } from '../../src/api/middleware/request-metrics.js';

const option = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const requests = option('requests', 20_000);
const rounds = option('rounds', 5);
const seconds = option('seconds', 3);

function app(instrumented: boolean): Hono {
  const a = new Hono();
  if (instrumented) {
    a.use('*', requestContext());
    a.use('*', requestMetrics(ensureHttpMetrics(createObservability({ defaultMetrics: false }).registry)));
  }
  // A route that logs nothing, as most requests do (a line would make the request's child logger).
  a.get('/api/completion/:query_id', (c) => c.json({ id: c.req.param('query_id') }));
  return a;
}

async function microsPerRequest(target: Hono): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < requests; i++) await target.request(`/api/completion/${i}`);
  return ((performance.now() - t0) * 1000) / requests;
}

const plain = app(false);
const instrumented = app(true);
await microsPerRequest(plain);
await microsPerRequest(instrumented); // warm-up
const times = { plain: [] as number[], instrumented: [] as number[] };
for (let r = 0; r < rounds; r++) {
  times.plain.push(await microsPerRequest(plain));
  times.instrumented.push(await microsPerRequest(instrumented));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p = median(times.plain);
const m = median(times.instrumented);
console.log(
  `per request (median of ${rounds} rounds of ${requests}): plain ${p.toFixed(1)} µs, with observability ${m.toFixed(1)} µs, ` +
    `added ${(m - p).toFixed(1)} µs (${(m / p).toFixed(2)}x)`,
);

async function listen(target: Hono): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: target.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, port: info.port }),
    );
  });
}

const servers = { plain: await listen(plain), instrumented: await listen(instrumented) };
const load = (port: number): Promise<LoadResult> =>
  runLoad({ port, method: 'GET', path: '/api/completion/42', headers: {} }, 10, seconds * 1000);
const http = { plain: [] as LoadResult[], instrumented: [] as LoadResult[] };
for (let r = 0; r < 3; r++) {
  http.plain.push(await load(servers.plain.port));
  http.instrumented.push(await load(servers.instrumented.port));
}
const best = (xs: LoadResult[]) => [...xs].sort((a, b) => b.rps - a.rps)[0]!;
const bp = best(http.plain);
const bi = best(http.instrumented);
console.log(
  `over HTTP, 10 clients (best of 3 rounds of ${seconds} s): plain ${bp.rps.toFixed(0)} req/s p50 ${bp.p50Ms.toFixed(3)} ms, ` +
    `with observability ${bi.rps.toFixed(0)} req/s p50 ${bi.p50Ms.toFixed(3)} ms (${(bi.rps / bp.rps).toFixed(2)}x throughput)`,
);
for (const { server } of Object.values(servers)) server.close();
