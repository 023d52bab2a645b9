// HTTP request metrics: rate and latency per route template (never the raw path, whose ids would make a series
// per user) and status. Recorded by the api's request-metrics middleware.
import { Counter, Histogram, type Registry } from 'prom-client';
import { oncePerRegistry } from './once-per-registry.js';

export interface HttpRequestLabels {
  method: string;
  /** The matched route template (`/api/datasets/:name`), or `unmatched` when no route matched. */
  route: string;
  status: number;
}

export interface HttpMetrics {
  observe(labels: HttpRequestLabels, seconds: number): void;
}

export const HTTP_LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const ensureHttpMetrics = oncePerRegistry((registry: Registry): HttpMetrics => {
  const registers = [registry];
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'c4m_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames,
    registers,
  });
  const duration = new Histogram({
    name: 'c4m_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to its answer, by method, route template and status',
    labelNames,
    buckets: HTTP_LATENCY_BUCKETS,
    registers,
  });
  return {
    observe({ method, route, status }, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
});
