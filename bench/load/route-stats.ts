// Per-route latencies and outcomes of the simulated plugins: every call is recorded with its route (method and
// path, ids left out), its status (0 when the connection failed) and its latency in microseconds.
export interface RouteSummary {
  route: string;
  requests: number;
  /** Answers outside 2xx and failed connections. */
  errors: number;
  /** Count per status that was not 2xx ("0" = no answer). */
  errorStatuses: Record<string, number>;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export class RouteStats {
  private readonly routes = new Map<string, { latenciesUs: number[]; errors: Map<number, number> }>();

  record(route: string, status: number, latencyUs: number): void {
    let r = this.routes.get(route);
    if (!r) this.routes.set(route, (r = { latenciesUs: [], errors: new Map() }));
    r.latenciesUs.push(latencyUs);
    if (status < 200 || status >= 300) r.errors.set(status, (r.errors.get(status) ?? 0) + 1);
  }

  /** Per route, busiest first, then the whole ("all routes"), over `elapsedS` seconds. */
  summarize(elapsedS: number): RouteSummary[] {
    const rows = [...this.routes].map(([route, r]) => summary(route, r.latenciesUs, r.errors, elapsedS));
    rows.sort((a, b) => b.requests - a.requests);
    const all = [...this.routes.values()];
    const errors = new Map<number, number>();
    for (const r of all) for (const [s, n] of r.errors) errors.set(s, (errors.get(s) ?? 0) + n);
    rows.push(
      summary(
        'all routes',
        all.flatMap((r) => r.latenciesUs),
        errors,
        elapsedS,
      ),
    );
    return rows;
  }
}

function summary(
  route: string,
  latenciesUs: number[],
  errors: Map<number, number>,
  elapsedS: number,
): RouteSummary {
  const sorted = Float64Array.from(latenciesUs).sort();
  const pct = (p: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN) / 1000;
  return {
    route,
    requests: sorted.length,
    errors: [...errors.values()].reduce((a, b) => a + b, 0),
    errorStatuses: Object.fromEntries([...errors].map(([s, n]) => [String(s), n])),
    rps: sorted.length / elapsedS,
    p50Ms: pct(0.5),
    p95Ms: pct(0.95),
    p99Ms: pct(0.99),
    maxMs: (sorted[sorted.length - 1] ?? NaN) / 1000,
  };
}
