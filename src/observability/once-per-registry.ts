// prom-client refuses to register a metric name twice in one registry: each metric family is made once per
// registry and handed out again after that.
import type { Registry } from 'prom-client';

export function oncePerRegistry<T extends object>(
  create: (registry: Registry) => T,
): (registry: Registry) => T {
  const made = new WeakMap<Registry, T>();
  return (registry) => {
    let metrics = made.get(registry);
    if (!metrics) {
      metrics = create(registry);
      made.set(registry, metrics);
    }
    return metrics;
  };
}
