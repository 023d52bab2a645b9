// The server time of HTTP routes, side by side: every round asks each route once, in order, through the
// app's own request() (no socket: the handler, middleware and database time the server spends), after
// warm-up rounds; p50 and p95 per route. A bare route (/api/ping) in the same rounds is the floor.
export interface RouteTarget {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export interface RouteTiming {
  name: string;
  path: string;
  n: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export async function measureRoutes(
  app: RouteTarget,
  routes: readonly { name: string; path: string; headers?: Record<string, string> }[],
  opts: { rounds: number; warmup: number },
): Promise<RouteTiming[]> {
  const samples = routes.map(() => [] as number[]);
  for (let round = 0; round < opts.warmup + opts.rounds; round++) {
    for (const [i, route] of routes.entries()) {
      const t0 = performance.now();
      const res = await app.request(route.path, { headers: route.headers });
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`${route.path} answered ${res.status}`);
      if (round >= opts.warmup) samples[i]!.push(ms);
    }
  }
  return routes.map((r, i) => {
    const s = samples[i]!.sort((a, b) => a - b);
    return {
      name: r.name,
      path: r.path,
      n: s.length,
      p50Ms: quantile(s, 0.5),
      p95Ms: quantile(s, 0.95),
      maxMs: s.at(-1)!,
    };
  });
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}
