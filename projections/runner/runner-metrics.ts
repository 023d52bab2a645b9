// The runner's Prometheus metrics, per read model: its state, how far it has applied, what it applied and
// dead-lettered, and its errors by kind. Registered once per registry (prom-client refuses a name twice);
// serving them over HTTP is the caller's business.
import { Counter, Gauge, register as defaultRegistry, type Registry } from 'prom-client';

export const RUNNER_STATES = [
  'running',
  'standby', // another process holds the read model's lock
  'halted-checkpoint-ahead',
  'waiting-for-newer-code',
  'failing',
] as const;
export type RunnerState = (typeof RUNNER_STATES)[number];

/** decode: the decoder threw something other than a validation error; database: an SQLSTATE error. */
export type RunnerErrorKind = 'database' | 'decode' | 'checkpoint-ahead' | 'other';

export interface ReadModelMetrics {
  setState(state: RunnerState): void;
  /** The checkpoint after a commit. */
  setLastAppliedSeq(seq: number): void;
  countApplied(events: number, deadLettered: number): void;
  countError(kind: RunnerErrorKind): void;
}

export interface RunnerMetrics {
  forReadModel(readModel: string): ReadModelMetrics;
}

const byRegistry = new WeakMap<Registry, RunnerMetrics>();

/** The runner metrics of `registry` (prom-client's default one unless given), registering them the first time. */
export function ensureRunnerMetrics(registry: Registry = defaultRegistry): RunnerMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    metrics = createRunnerMetrics(registry);
    byRegistry.set(registry, metrics);
  }
  return metrics;
}

function createRunnerMetrics(registry: Registry): RunnerMetrics {
  const registers = [registry];
  const state = new Gauge({
    name: 'c4m_projection_state',
    help: 'Whether the read model is in this state (1) or not (0)',
    labelNames: ['read_model', 'state'] as const,
    registers,
  });
  const lastSeq = new Gauge({
    name: 'c4m_projection_last_applied_seq',
    help: 'Stream sequence up to which the read model has committed (its checkpoint)',
    labelNames: ['read_model'] as const,
    registers,
  });
  const applied = new Counter({
    name: 'c4m_projection_events_applied_total',
    help: 'Events applied to the read model',
    labelNames: ['read_model'] as const,
    registers,
  });
  const deadLettered = new Counter({
    name: 'c4m_projection_dead_lettered_total',
    help: 'Messages the read model set aside in projection_dead_letter',
    labelNames: ['read_model'] as const,
    registers,
  });
  const errors = new Counter({
    name: 'c4m_projection_errors_total',
    help: 'Failed attempts of the read model, by kind (each is retried)',
    labelNames: ['read_model', 'kind'] as const,
    registers,
  });
  return {
    forReadModel(readModel) {
      return {
        setState(current) {
          for (const s of RUNNER_STATES)
            state.set({ read_model: readModel, state: s }, s === current ? 1 : 0);
        },
        setLastAppliedSeq(seq) {
          lastSeq.set({ read_model: readModel }, seq);
        },
        countApplied(events, letters) {
          applied.inc({ read_model: readModel }, events);
          deadLettered.inc({ read_model: readModel }, letters);
        },
        countError(kind) {
          errors.inc({ read_model: readModel, kind });
        },
      };
    },
  };
}
