// A read model whose acks never reach its consumer, as when the consumer's leader dies in a cluster with acks on
// the way: on a NATS server of the test's own that refuses the runner's acks ($JS.ACK.> denied), the consumer
// counts every delivered message as pending and stops delivering at MAX_ACK_PENDING. The runner sees that while
// it waits, repositions the consumer at its checkpoint, and reaches the stream's end anyway.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { makeEvent } from '../../events/index.js';
import { eventually } from '../../tests/support/eventually.js';
import { freePorts, waitForJetStream } from '../../tests/support/nats-cluster.js';
import { createProjectionTestEnv, type ProjectionTestEnv } from '../testing/projection-test-env.js';
import { MAX_ACK_PENDING } from './consumer-position.js';
import { readCheckpoint, type ReadModel } from './index.js';

let dir: string;
let server: ChildProcess;
let env: ProjectionTestEnv;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'c4m-lost-acks-'));
  const [port] = await freePorts(1);
  const conf = path.join(dir, 'nats.conf');
  writeFileSync(
    conf,
    `listen: 127.0.0.1:${port}
jetstream { store_dir: "${path.join(dir, 'js')}" }
accounts {
  APP: {
    jetstream: enabled
    users: [ { user: runner, password: runner, permissions: { publish: { deny: ["$JS.ACK.>"] } } } ]
  }
}
no_auth_user: runner
`,
  );
  server = spawn('nats-server', ['-c', conf], { stdio: 'ignore' });
  const natsUrl = `nats://127.0.0.1:${port}`;
  // Until the server listens and its JetStream answers; then the test's database, stream and connections.
  await eventually(() => waitForJetStream(natsUrl), 10_000, 100);
  env = await createProjectionTestEnv({ natsUrl });
}, 30_000);

afterAll(async () => {
  await env?.cleanup();
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Applies nothing: the test is about the consumer, not the tables. */
const quiet: ReadModel = { name: 'quiet', tables: [], projectors: {} };

describe('a read model whose acks are lost', () => {
  it('repositions its consumer instead of standing still at MAX_ACK_PENDING unacknowledged messages', async () => {
    const count = MAX_ACK_PENDING + 200;
    const correlationId = uuidv7();
    for (let i = 0; i < count; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, () =>
          env.publisher.append(
            makeEvent(
              'session.ended',
              { userId: uuidv7(), sessionId: uuidv7(), correlationId },
              {
                endedAt: new Date().toISOString(),
                reason: 'deactivated',
              },
            ),
          ),
        ),
      );
    }
    const { state } = await env.nats.jsm.streams.info(env.config.streamName);
    expect(state.last_seq).toBe(count);
    env.workers([quiet], { batchSize: 100 }).start();
    // Without the check the consumer delivers MAX_ACK_PENDING messages and then nothing for its ack wait (60 s).
    await eventually(async () => expect(await readCheckpoint(env.db, 'quiet')).toBe(count), 20_000, 200);
    const consumer = await env.nats.jsm.consumers.info(env.config.streamName, 'proj_quiet');
    expect(consumer.num_ack_pending).toBeGreaterThan(0); // the acks are still refused: lost, not late
  }, 60_000);
});
