// The set-up of the replay tests: a TestEnv of their own (no migrations: a replay reads only the stream), a
// NATS connection, the event stream and the known history of replay-events.ts appended to it.
import { ensureEventStream } from '../../src/bus/ensure-stream.js';
import { createNats, type Nats } from '../../src/platform/nats.js';
import { appendReplayHistory, type ReplayHistory } from './replay-events.js';
import { createTestEnv, type TestEnv } from './test-env.js';

export interface ReplayStream {
  env: TestEnv;
  nats: Nats;
  history: ReplayHistory;
  /** Drains the connection and drops the test env. */
  close(): Promise<void>;
}

/** Cleans up what it made when a step fails, so a failed set-up leaves no database or stream behind. */
export async function startReplayStream(connectionName: string): Promise<ReplayStream> {
  const env = await createTestEnv({ migrate: false });
  let nats: Nats | undefined;
  const close = async (): Promise<void> => {
    await nats?.nc.drain();
    await env.cleanup();
  };
  try {
    nats = await createNats(env.config.natsUrl, connectionName);
    await ensureEventStream(nats.jsm, env.config.streamName, env.config.natsPrefix);
    const history = await appendReplayHistory(nats, env.config.natsPrefix);
    return { env, nats, history, close };
  } catch (error) {
    await close();
    throw error;
  }
}
