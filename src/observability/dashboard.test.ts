// The Grafana dashboard and the Prometheus scrape config in docs/ stay true to the code: every metric a panel
// queries is one this room defines (or a default process metric), and the scrape ports are the settings' defaults.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config.js';
import {
  createObservability,
  ensureEventMetrics,
  ensureHttpMetrics,
  ensureInferenceWorkerMetrics,
  ensureModelMetrics,
  ensureProjectionPositionMetrics,
  ensureRunnerMetrics,
} from './index.js';

const doc = (path: string) => readFileSync(new URL(`../../docs/${path}`, import.meta.url), 'utf8');

async function definedMetricNames(): Promise<Set<string>> {
  const { registry } = createObservability();
  for (const ensure of [
    ensureHttpMetrics,
    ensureModelMetrics,
    ensureInferenceWorkerMetrics,
    ensureEventMetrics,
    ensureRunnerMetrics,
    ensureProjectionPositionMetrics,
  ])
    ensure(registry);
  const names = (await registry.getMetricsAsJSON()).map((m) => m.name);
  return new Set(names);
}

describe('docs/grafana/code4me.json', () => {
  it('queries only metrics that exist', async () => {
    const dashboard = JSON.parse(doc('grafana/code4me.json')) as {
      panels: Array<{ targets?: Array<{ expr: string }> }>;
    };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    const queried = new Set(
      exprs.flatMap((e) => [...e.matchAll(/\b((?:c4m|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!)),
    );
    const defined = await definedMetricNames();
    const unknown = [...queried].filter((n) => !defined.has(n.replace(/_(bucket|count|sum)$/, '')));
    expect(unknown).toEqual([]);
    expect(queried.size).toBeGreaterThan(10);
  });
});

describe('docs/prometheus/prometheus.yml', () => {
  it('scrapes the api, inference and projections on their default ports', () => {
    const config = loadConfig({});
    const ports = [...doc('prometheus/prometheus.yml').matchAll(/^\s+port: (\d+)$/gm)].map((m) =>
      Number(m[1]),
    );
    expect(ports).toEqual([config.port, config.inferenceMetricsPort, config.projectionsMetricsPort]);
  });
});
