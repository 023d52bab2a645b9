import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { ensureInferenceWorkerMetrics } from '../../observability/index.js';
import { eventually } from '../../../tests/support/eventually.js';
import { createTestEnv, type TestEnv } from '../../../tests/support/test-env.js';
import { createNatsInferenceClient } from '../../bus/nats-inference-client.js';
import type { CompletionInput, ModelBackend } from '../model-backend.js';
import { createTestBackend } from '../backends/test-models.js';
import { createInferenceWorker, type InferenceWorker } from './create-inference-worker.js';

const logger = pino({ level: 'silent' });
const input: CompletionInput = {
  prefix: 'def add(a, b):\n    return a',
  suffix: '\n',
  fileName: 'a.py',
  contextFiles: [],
  stopSequences: [],
};

let env: TestEnv;
let nc: NatsConnection;
const workers: InferenceWorker[] = [];

beforeAll(async () => {
  env = await createTestEnv({ migrate: false });
  nc = await connect({ servers: env.config.natsUrl });
});

afterAll(async () => {
  for (const w of workers) await w.close();
  await nc.close();
  await env.cleanup();
});

async function startWorker(
  backends: Array<[number, ModelBackend]>,
  prefix = env.config.natsPrefix,
  chatModelIds: number[] = [],
): Promise<InferenceWorker> {
  const w = await createInferenceWorker({
    nc,
    prefix,
    backends: new Map(backends),
    logger,
    rewarmIntervalMs: 0,
    chatModelIds,
  });
  workers.push(w);
  return w;
}

/** Wraps a backend to count calls and record whether its signal was aborted. */
function counting(inner: ModelBackend): ModelBackend & { calls: number; aborted: number } {
  const b = {
    calls: 0,
    aborted: 0,
    warmup: () => inner.warmup(),
    close: () => inner.close(),
    complete: async (i: CompletionInput, signal: AbortSignal) => {
      b.calls++;
      signal.addEventListener('abort', () => b.aborted++, { once: true });
      return inner.complete(i, signal);
    },
  };
  return b;
}

describe('inference worker', () => {
  it('answers with the test model output', async () => {
    await startWorker([[101, createTestBackend('echo')]]);
    const client = createNatsInferenceClient(nc, env.config.natsPrefix);
    const r = await client.complete(101, input, 2000, { queryId: 'q1' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.output.completion).toBe('a nruter');
    expect(r.output.confidence).toBeGreaterThan(0);
    expect(r.output.confidence).toBeLessThanOrEqual(1);
    expect(r.output.logprobs.length).toBeGreaterThan(0);
  });

  it('shares requests between two workers of one queue group', async () => {
    const prefix = `${env.config.natsPrefix}q`;
    const a = counting(createTestBackend('echo'));
    const b = counting(createTestBackend('echo'));
    await startWorker([[7, a]], prefix);
    await startWorker([[7, b]], prefix);
    const client = createNatsInferenceClient(nc, prefix);
    const results = await Promise.all(Array.from({ length: 40 }, () => client.complete(7, input, 2000)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(a.calls + b.calls).toBe(40);
    expect(a.calls).toBeGreaterThan(0);
    expect(b.calls).toBeGreaterThan(0);
  });

  it('answers model_unavailable at once for a model whose weights are missing', async () => {
    const w = await startWorker([[102, createTestBackend('unavailable')]]);
    expect(w.unavailable.has(102)).toBe(true);
    const client = createNatsInferenceClient(nc, env.config.natsPrefix);
    const r = await client.complete(102, input, 5000);
    expect(r).toMatchObject({ ok: false, error: { code: 'model_unavailable' } });
    expect(r.elapsedMs).toBeLessThan(1000);
  });

  it('logs a model that stays down once when it goes down and once when it comes back', async () => {
    const lines: Array<{ level: number; msg: string; modelId?: number }> = [];
    const capture = pino(
      { level: 'debug' },
      { write: (l: string) => void lines.push(JSON.parse(l) as (typeof lines)[number]) },
    );
    const registry = new Registry();
    let failures = 3;
    const inner = createTestBackend('echo');
    const flaky: ModelBackend = {
      ...inner,
      complete: (i, signal) => inner.complete(i, signal),
      close: () => inner.close(),
      warmup: async () => {
        if (failures-- > 0) throw new Error('server not reachable');
        await inner.warmup();
      },
    };
    const w = await createInferenceWorker({
      nc,
      prefix: `${env.config.natsPrefix}.flaky`,
      backends: new Map([[103, flaky]]),
      logger: capture,
      rewarmIntervalMs: 20,
      unavailable: new Map([[105, 'no weights']]),
      metrics: ensureInferenceWorkerMetrics(registry),
    });
    workers.push(w);
    await eventually(() => expect(w.unavailable.has(103)).toBe(false));
    // The availability gauge follows: 1 for the model that came back, 0 for the one without a backend.
    const available = (await registry.getSingleMetric('c4m_model_available')!.get()).values;
    expect(Object.fromEntries(available.map((v) => [v.labels.model, v.value]))).toEqual({ 103: 1, 105: 0 });
    const about103 = lines.filter((l) => l.modelId === 103);
    const atInfoOrAbove = about103.filter((l) => l.level >= 30).map((l) => l.msg);
    expect(atInfoOrAbove).toEqual([
      'model unavailable: warm-up failed (retrying quietly)',
      'model available again',
    ]);
    expect(about103.filter((l) => l.msg === 'model still unavailable')).toHaveLength(2);
  });

  it('answers deadline_exceeded and aborts the backend when the deadline passes', async () => {
    const never = counting(createTestBackend('never'));
    await startWorker([[103, never]]);
    const client = createNatsInferenceClient(nc, env.config.natsPrefix);
    const r = await client.complete(103, input, 150);
    expect(r).toMatchObject({ ok: false, error: { code: 'deadline_exceeded' } });
    expect(r.elapsedMs).toBeLessThan(1000);
    expect(never.aborted).toBe(1);
  });

  it('answers model_failed when the backend throws', async () => {
    await startWorker([[104, createTestBackend('fail')]]);
    const client = createNatsInferenceClient(nc, env.config.natsPrefix);
    const r = await client.complete(104, input, 2000);
    expect(r).toMatchObject({ ok: false, error: { code: 'model_failed' } });
  });

  it('reports model_unavailable when no worker serves the model', async () => {
    const client = createNatsInferenceClient(nc, env.config.natsPrefix);
    const r = await client.complete(999, input, 2000);
    expect(r).toMatchObject({ ok: false, error: { code: 'model_unavailable' } });
  });

  it('answers bad_request to a malformed request', async () => {
    await startWorker([[105, createTestBackend('echo')]]);
    const msg = await nc.request(
      `${env.config.natsPrefix}.svc.model.105`,
      new TextEncoder().encode('{"nope":1}'),
      {
        timeout: 2000,
      },
    );
    expect(JSON.parse(new TextDecoder().decode(msg.data))).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('answers a conversation on the chat endpoint of a chat model', async () => {
    await startWorker([[106, createTestBackend('echo')]], env.config.natsPrefix, [106]);
    const client = createNatsInferenceClient(nc, env.config.natsPrefix);
    const messages = [
      { role: 'system' as const, content: 'Give a [Title]...[/Title].' },
      { role: 'user' as const, content: 'sort a list' },
    ];
    const r = await client.chat!(106, { messages }, 2000, { queryId: 'q-chat' });
    expect(r).toMatchObject({
      ok: true,
      output: { completion: '[Title]sort a list[/Title]You said: sort a list' },
    });
  });

  it('gives no chat endpoint to a model that is not a chat model, and answers a chat deadline in time', async () => {
    await startWorker(
      [
        [107, createTestBackend('echo')],
        [108, createTestBackend('never')],
      ],
      env.config.natsPrefix,
      [108],
    );
    const client = createNatsInferenceClient(nc, env.config.natsPrefix);
    const messages = [{ role: 'user' as const, content: 'hi' }];
    expect(await client.chat!(107, { messages }, 2000)).toMatchObject({
      ok: false,
      error: { code: 'model_unavailable' },
    });
    const late = await client.chat!(108, { messages }, 150);
    expect(late).toMatchObject({ ok: false, error: { code: 'deadline_exceeded' } });
    expect(late.elapsedMs).toBeLessThan(1000);
  });
});
