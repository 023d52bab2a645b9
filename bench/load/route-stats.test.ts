// The load report's per-route figures: percentiles over every answer, errors counted by status, an all-routes row.
import { describe, expect, it } from 'vitest';
import { RouteStats } from './route-stats.js';

describe('RouteStats', () => {
  it('summarizes each route and all of them, busiest first, with errors by status', () => {
    const stats = new RouteStats();
    for (let ms = 1; ms <= 100; ms++) stats.record('POST /a', 200, ms * 1000);
    stats.record('GET /b', 503, 5_000);
    stats.record('GET /b', 0, 10_000);
    stats.record('GET /b', 204, 1_000);
    const [a, b, all] = stats.summarize(10);
    expect(a).toMatchObject({ route: 'POST /a', requests: 100, errors: 0, rps: 10, p50Ms: 51, p95Ms: 96 });
    expect(a?.p99Ms).toBe(100);
    expect(b).toMatchObject({ route: 'GET /b', requests: 3, errors: 2, errorStatuses: { '0': 1, '503': 1 } });
    expect(b?.maxMs).toBe(10);
    expect(all).toMatchObject({ route: 'all routes', requests: 103, errors: 2 });
  });
});
