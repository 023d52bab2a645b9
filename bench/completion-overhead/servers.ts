// Child process of the benchmark: the real platform (API + an inference worker with an instant model, unless the
// worker runs in its own process) and, beside it, the baseline: a bare Hono route that makes one NATS
// request-reply to the same worker, and the same route with the writes a completion requires (bare-writes.ts).
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { createNats } from '../../src/platform/nats.js';
import { startApiServer } from '../../src/api/server.js';
import { startInferenceWorkers } from '../../src/inference/worker/index.js';
import { createNatsInferenceClient } from '../../src/bus/nats-inference-client.js';
import { createRedis } from '../../src/platform/redis.js';
import { bareWritesRoute } from './bare-writes.js';
import { bareModelRequest, type BareBody } from './bare-model-request.js';

const config = loadConfig(process.env);
const logger = createLogger('warn', 'bench');
// BENCH_WORKER=own-process: the worker runs in a process of its own (worker.ts), started by the bench.
const workers =
  process.env.BENCH_WORKER === 'own-process' ? undefined : await startInferenceWorkers(config, logger);
const api = await startApiServer(config, logger);

const nats = await createNats(config.natsUrl, 'bench-baseline');
const client = createNatsInferenceClient(nats.nc, config.natsPrefix);
const bare = new Hono();
bare.post('/bare', async (c) => {
  const r = await bareModelRequest(client, await c.req.json<BareBody>());
  return r.ok ? c.json({ completion: r.output.completion }) : c.json({ message: r.error.message }, 500);
});
const redis = createRedis(config.redisUrl, config.redisPrefix);
bare.post('/bare-writes', bareWritesRoute(nats.nc, redis, config.natsPrefix, client));
const baseline = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => baseline.once('listening', r));
const addr = baseline.address();
process.stdout.write(
  `${JSON.stringify({ apiPort: api.port, barePort: typeof addr === 'object' && addr ? addr.port : 0 })}\n`,
);

process.on('SIGTERM', () => {
  void (async () => {
    baseline.close();
    await api.close();
    await workers?.close();
    await nats.nc.close();
    redis.disconnect();
    process.exit(0);
  })();
});
