// A small closed-loop HTTP load generator: C clients on keep-alive sockets, each sending its next request
// when the last answered, for a fixed time. Latencies are recorded in microseconds (autocannon's are whole ms,
// too coarse for a 2 ms budget).
import http from 'node:http';

export interface LoadTarget {
  port: number;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
}

export async function runLoad(target: LoadTarget, clients: number, durationMs: number): Promise<LoadResult> {
  return summarizeLoad([await runLoadSamples(target, clients, durationMs)]);
}

/** The raw outcome of one load slice: every 2xx latency in microseconds, the errors and the time it took. */
export interface LoadSamples {
  latenciesUs: number[];
  errors: number;
  elapsedS: number;
}

export async function runLoadSamples(
  target: LoadTarget,
  clients: number,
  durationMs: number,
): Promise<LoadSamples> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latenciesUs: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const status = await send(agent, target).catch(() => 0);
      if (status >= 200 && status < 300) latenciesUs.push((performance.now() - t0) * 1000);
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsedS = (performance.now() - start) / 1000;
  agent.destroy();
  return { latenciesUs, errors, elapsedS };
}

/** Several slices of one target as one result: requests over their summed time, percentiles over all. */
export function summarizeLoad(slices: LoadSamples[]): LoadResult {
  const latenciesUs = Float64Array.from(slices.flatMap((s) => s.latenciesUs)).sort();
  const elapsedS = slices.reduce((a, s) => a + s.elapsedS, 0);
  const pct = (p: number) =>
    (latenciesUs[Math.min(latenciesUs.length - 1, Math.floor(p * latenciesUs.length))] ?? NaN) / 1000;
  return {
    requests: latenciesUs.length,
    errors: slices.reduce((a, s) => a + s.errors, 0),
    rps: latenciesUs.length / elapsedS,
    p50Ms: pct(0.5),
    p90Ms: pct(0.9),
    p99Ms: pct(0.99),
  };
}

function send(agent: http.Agent, t: LoadTarget): Promise<number> {
  // With a Content-Length, as the plugin's HTTP clients send a body they hold whole (without one Node sends it
  // chunked, which takes the API's body limit down its slow, streaming path).
  const headers = t.body ? { ...t.headers, 'content-length': String(Buffer.byteLength(t.body)) } : t.headers;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: t.port, method: t.method, path: t.path, headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(t.body);
  });
}
