// Test harness for the runner's failure modes: one runner of a read model with its log lines captured and
// its metrics in a registry of its own, so a test can read what an operator would see. Only tests import it.
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import { makeEvent, type DomainEvent } from '../../../events/index.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createProjectionTestEnv, type ProjectionTestEnv } from '../../testing/projection-test-env.js';
import {
  createProjectionRunner,
  ensureRunnerMetrics,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ReadModel,
} from '../index.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  [field: string]: unknown;
}

export interface RunnerProbe {
  runner: ProjectionRunner;
  registry: Registry;
  lines: LogLine[];
  /** The log lines of a level whose message matches. */
  logged(level: LogLine['level'], msg: RegExp): LogLine[];
  /** A metric's value for the read model (and the other labels given); 0 when never set. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

const LEVELS: Record<number, LogLine['level']> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error' };

/** Starts a runner of `readModel` with quick retries; `tuning` overrides any option. */
export function startRunnerProbe(
  env: ProjectionTestEnv,
  readModel: ReadModel,
  tuning: Partial<ProjectionRunnerOptions> = {},
): RunnerProbe {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(line: string) {
        const parsed = JSON.parse(line) as { level: number; msg: string };
        lines.push({ ...parsed, level: LEVELS[parsed.level] ?? 'debug' });
      },
    },
  );
  const registry = new Registry();
  const runner = createProjectionRunner({
    db: env.db,
    js: env.nats.js,
    jsm: env.nats.jsm,
    streamName: env.config.streamName,
    prefix: env.config.natsPrefix,
    readModel,
    logger,
    retryDelayMs: 20,
    maxRetryDelayMs: 100,
    standbyPollMs: 50,
    newerCodePollMs: 30,
    metrics: ensureRunnerMetrics(registry),
    ...tuning,
  });
  runner.start();
  return {
    runner,
    registry,
    lines,
    logged: (level, msg) => lines.filter((l) => l.level === level && msg.test(l.msg)),
    async metric(name, labels = {}) {
      const metric = registry.getSingleMetric(name);
      if (!metric) throw new Error(`no metric ${name}`);
      const wanted: Record<string, string> = { read_model: readModel.name, ...labels };
      const { values } = await metric.get();
      const match = values.find((v) =>
        Object.entries(wanted).every(([k, val]) => (v.labels as Record<string, unknown>)[k] === val),
      );
      return match?.value ?? 0;
    },
    stop: () => runner.stop(),
  };
}

/** A copy of `base` under another name, starting after everything now in the stream. */
export async function freshReadModel(
  env: ProjectionTestEnv,
  base: ReadModel,
  name: string,
): Promise<ReadModel> {
  const { state } = await env.nats.jsm.streams.info(env.config.streamName);
  await env.db
    .insertInto('projection_checkpoint')
    .values({ projection: name, last_seq: state.last_seq, updated_at: new Date() })
    .execute();
  return { ...base, name };
}

export function sessionStarted(): DomainEvent<'session.started'> {
  const ids = { userId: uuidv7(), sessionId: uuidv7(), correlationId: 'c' };
  return makeEvent('session.started', ids, { startedAt: '2026-03-01T09:00:00.000Z' });
}

/** Publishes a message as it is, as a newer (or broken) writer would; returns its stream sequence. */
export async function publishRaw(env: ProjectionTestEnv, typeToken: string, body: unknown): Promise<number> {
  const subject = `${env.config.natsPrefix}.evt.${typeToken}.${uuidv7()}`;
  const ack = await env.nats.js.publish(subject, new TextEncoder().encode(JSON.stringify(body)));
  return ack.seq;
}

/**
 * One projection test environment per test file and the probes its tests start (stopped after each test):
 * `env` is set once the file's beforeAll ran.
 */
export function useRunnerProbes(): {
  readonly env: ProjectionTestEnv;
  probe: (readModel: ReadModel, tuning?: Partial<ProjectionRunnerOptions>) => RunnerProbe;
} {
  let env: ProjectionTestEnv | undefined;
  const probes: RunnerProbe[] = [];
  beforeAll(async () => {
    env = await createProjectionTestEnv();
  });
  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await env?.cleanup();
  });
  const suite = {
    get env(): ProjectionTestEnv {
      if (!env) throw new Error('the projection test environment is made in beforeAll');
      return env;
    },
    probe: (readModel: ReadModel, tuning: Partial<ProjectionRunnerOptions> = {}): RunnerProbe => {
      const p = startRunnerProbe(suite.env, readModel, tuning);
      probes.push(p);
      return p;
    },
  };
  return suite;
}
