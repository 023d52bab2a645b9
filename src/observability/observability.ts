// One process's observability: the Prometheus registry every role of the process records into (so `all` mode
// serves one /metrics for all of them) and the readiness checks each role adds for the services it needs.
import { collectDefaultMetrics, Registry } from 'prom-client';

export type Dependency = 'nats' | 'postgres' | 'redis';

/** One role's connection to one backing service; `check` rejects (or times out) when it cannot be used. */
export interface ReadinessCheck {
  dependency: Dependency;
  role: string;
  check(): Promise<void>;
}

export interface Observability {
  readonly registry: Registry;
  addReadinessCheck(check: ReadinessCheck): void;
  readinessChecks(): readonly ReadinessCheck[];
}

/** `defaultMetrics`: Node's process metrics (CPU, memory, event loop lag, GC); tests may leave them out. */
export function createObservability(opts: { defaultMetrics?: boolean } = {}): Observability {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const checks: ReadinessCheck[] = [];
  return {
    registry,
    addReadinessCheck: (check) => void checks.push(check),
    readinessChecks: () => checks,
  };
}
