// readStreamRange and readStreamRangeEach against a real stream: exactly the range asked for, in order, and no waiting for
// messages that will not come (an empty range, deleted messages at the end, a filter matching nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNats, type Nats } from '../platform/nats.js';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { ensureEventStream } from './ensure-stream.js';
import { readStreamRange, readStreamRangeEach, type StreamRange } from './read-stream-range.js';

let env: TestEnv;
let nats: Nats;
const encoder = new TextEncoder();

beforeAll(async () => {
  env = await createTestEnv({ migrate: false });
  nats = await createNats(env.config.natsUrl, 'read-stream-range-test');
  await ensureEventStream(nats.jsm, env.config.streamName, env.config.natsPrefix);
  for (let i = 1; i <= 25; i++) {
    const type = i % 5 === 0 ? 'session_started' : 'completion_requested';
    await nats.js.publish(`${env.config.natsPrefix}.evt.${type}.u`, encoder.encode(String(i)));
  }
});
afterAll(async () => {
  await nats?.nc.drain();
  await env?.cleanup();
});

async function read(range: StreamRange, batchSize?: number): Promise<number[][]> {
  const batches: number[][] = [];
  for await (const batch of readStreamRange(nats.js, env.config.streamName, range, batchSize))
    batches.push(batch.map((m) => m.seq));
  return batches;
}

async function readEach(range: StreamRange): Promise<number[]> {
  const seqs: number[] = [];
  const count = await readStreamRangeEach(nats.js, env.config.streamName, range, (m) => seqs.push(m.seq));
  expect(count).toBe(seqs.length);
  return seqs;
}

describe('readStreamRange', () => {
  it('reads exactly the range asked for, in stream order, in batches of the size asked for', async () => {
    expect(await read({ from: 3, to: 12 }, 4)).toEqual([
      [3, 4, 5, 6],
      [7, 8, 9, 10],
      [11, 12],
    ]);
  });

  it('reads nothing for an empty range or one past the end of the stream', async () => {
    expect(await read({ from: 5, to: 4 })).toEqual([]);
    expect(await read({ from: 26, to: 40 })).toEqual([]);
  });

  it('stops at the end of the stream when the range reaches past it or its last messages were deleted', async () => {
    expect((await read({ from: 20, to: 1_000 })).flat()).toEqual([20, 21, 22, 23, 24, 25]);
    await nats.jsm.streams.deleteMessage(env.config.streamName, 25);
    expect((await read({ from: 22, to: 25 })).flat()).toEqual([22, 23, 24]);
  });

  it('reads only the messages of its subject filter', async () => {
    const filter = `${env.config.natsPrefix}.evt.session_started.*`;
    expect((await read({ from: 1, to: 25, filter })).flat()).toEqual([5, 10, 15, 20]);
    expect(await read({ from: 21, to: 25, filter })).toEqual([]);
  });
});

// These run after the tests above, one of which deleted message 25.
describe('readStreamRangeEach', () => {
  it('hands over exactly the range asked for, one message at a time, in stream order', async () => {
    expect(await readEach({ from: 3, to: 12 })).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const filter = `${env.config.natsPrefix}.evt.session_started.*`;
    expect(await readEach({ from: 1, to: 20, filter })).toEqual([5, 10, 15, 20]);
  });

  it('hands over nothing for an empty range, and stops at the end of the stream', async () => {
    expect(await readEach({ from: 5, to: 4 })).toEqual([]);
    expect(await readEach({ from: 26, to: 40 })).toEqual([]);
    expect(await readEach({ from: 21, to: 1_000 })).toEqual([21, 22, 23, 24]);
  });

  it('stops at the first message its handler throws on and rejects with that error', async () => {
    const seqs: number[] = [];
    const failing = readStreamRangeEach(nats.js, env.config.streamName, { from: 1, to: 20 }, (m) => {
      if (m.seq === 7) throw new Error('handler broke');
      seqs.push(m.seq);
    });
    await expect(failing).rejects.toThrow('handler broke');
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
