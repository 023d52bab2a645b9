import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ensureRunnerMetrics } from './projection-metrics.js';

describe('runner metrics', () => {
  it('registers once per registry and shows exactly one state per read model', async () => {
    const registry = new Registry();
    const metrics = ensureRunnerMetrics(registry);
    expect(ensureRunnerMetrics(registry)).toBe(metrics);
    metrics.forReadModel('a').setState('failing');
    metrics.forReadModel('a').setState('waiting-for-newer-code');
    metrics.forReadModel('b').setState('running');
    const { values } = await registry.getSingleMetric('c4m_projection_state')!.get();
    const on = values.filter((v) => v.value === 1).map((v) => [v.labels.read_model, v.labels.state]);
    expect(on).toEqual([
      ['a', 'waiting-for-newer-code'],
      ['b', 'running'],
    ]);
  });
});
