import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { createTestEnv, type TestEnv } from '../../../tests/support/test-env.js';
import { createNatsInferenceClient } from '../../bus/nats-inference-client.js';
import { startInferenceWorkers } from './start-inference-workers.js';

let env: TestEnv;
let nc: NatsConnection;
let workers: { close(): Promise<void> } | undefined;

beforeAll(async () => {
  env = await createTestEnv({
    migrate: false,
    overrides: { modelRegistryFile: 'models/registry.json', inferenceModels: [1, 3, 4] },
  });
  nc = await connect({ servers: env.config.natsUrl });
  workers = await startInferenceWorkers(env.config, pino({ level: 'silent' }));
});

afterAll(async () => {
  await workers?.close();
  await nc.close();
  await env.cleanup();
});

it('serves registry models without weights or server as model_unavailable, at once', async () => {
  const client = createNatsInferenceClient(nc, env.config.natsPrefix);
  const input = { prefix: 'x = ', suffix: '', fileName: 'a.py', contextFiles: [], stopSequences: [] };
  for (const id of [1, 3, 4]) {
    const r = await client.complete(id, input, 5000);
    expect(r).toMatchObject({ ok: false, error: { code: 'model_unavailable' } });
    expect(r.elapsedMs).toBeLessThan(1000);
  }
  // Model 3 is the chat model: without a chat server at its URL its chat endpoint answers at once too.
  const chat = await client.chat!(3, { messages: [{ role: 'user', content: 'hi' }] }, 60_000);
  expect(chat).toMatchObject({ ok: false, error: { code: 'model_unavailable' } });
  expect(chat.elapsedMs).toBeLessThan(1000);
  const notServed = await client.complete(2, input, 5000);
  expect(notServed).toMatchObject({ ok: false, error: { code: 'model_unavailable' } });
});
