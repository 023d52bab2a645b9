// The projection runners' Prometheus metrics, per read model: its state, how far it has applied, what it applied
// and dead-lettered, and its errors by kind; and, read when scraped, its lag behind the stream and the dead
// letters it holds. Registered once per registry (prom-client refuses a name twice).
import { Counter, Gauge, register as defaultRegistry, type Registry } from 'prom-client';
import { oncePerRegistry } from './once-per-registry.js';

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

/** Where each read model stands, read at scrape time (from the stream and the checkpoint and dead-letter tables). */
export interface ProjectionPositions {
  /** Stream last sequence minus the read model's checkpoint, per read model. */
  lag: ReadonlyMap<string, number>;
  /** Rows in projection_dead_letter, per read model. */
  deadLetters: ReadonlyMap<string, number>;
}

export interface ProjectionPositionMetrics {
  /** The reader the gauges call at each scrape; a failing read leaves the last values standing. */
  readFrom(read: () => Promise<ProjectionPositions>): void;
}

export const ensureProjectionPositionMetrics = oncePerRegistry(
  (registry: Registry): ProjectionPositionMetrics => {
    let read: (() => Promise<ProjectionPositions>) | undefined;
    let reading: Promise<ProjectionPositions | undefined> | undefined;
    // Both gauges are collected in one scrape: they share one read.
    const positions = (): Promise<ProjectionPositions | undefined> => {
      reading ??= (read?.() ?? Promise.resolve(undefined))
        .catch(() => undefined)
        .finally(() => setTimeout(() => (reading = undefined), 0));
      return reading;
    };
    const fill = (gauge: Gauge<'read_model'>, values: ReadonlyMap<string, number> | undefined): void => {
      for (const [readModel, value] of values ?? []) gauge.set({ read_model: readModel }, value);
    };
    new Gauge({
      name: 'c4m_projection_lag_events',
      help: 'Events the read model has still to apply: the stream last sequence minus its checkpoint',
      labelNames: ['read_model'] as const,
      registers: [registry],
      async collect() {
        fill(this, (await positions())?.lag);
      },
    });
    new Gauge({
      name: 'c4m_projection_dead_letters',
      help: 'Messages the read model holds in projection_dead_letter (undecodable or refused)',
      labelNames: ['read_model'] as const,
      registers: [registry],
      async collect() {
        fill(this, (await positions())?.deadLetters);
      },
    });
    return {
      readFrom(r) {
        read = r;
      },
    };
  },
);
