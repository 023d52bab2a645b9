// The reply multiplexer against the real NATS: one sweep timer per connection times each request out on its own
// deadline, while requests answered meanwhile keep their answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeoutError } from '@nats-io/nats-core';
import { loadConfig } from '../platform/config.js';
import { createNats, type Nats } from '../platform/nats.js';
import { uniqueSuffix } from '../../tests/support/test-env.js';
import { replyMuxOf, SWEEP_MS } from './reply-mux.js';

let nats: Nats;
const id = uniqueSuffix();
const bytes = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  nats = await createNats(loadConfig(process.env).natsUrl, 'reply-mux-test');
});

afterAll(async () => {
  await nats.nc.close();
});

describe('replyMuxOf', () => {
  it('times each request out at its own deadline, and answers the others that came meanwhile', async () => {
    // Answers "late" after 300 ms, never answers "never", answers "now" at once.
    nats.nc.subscribe(`mux${id}.*`, {
      callback: (_err, msg) => {
        const kind = msg.subject.split('.')[1];
        if (kind === 'now') msg.respond(bytes('now'));
        if (kind === 'late') setTimeout(() => msg.respond(bytes('late')), 300);
      },
    });
    await nats.nc.flush();
    const request = replyMuxOf(nats.nc);
    const started = performance.now();
    const timedOutAt = (p: Promise<unknown>) =>
      p.then(
        () => Infinity,
        (err: unknown) => (err instanceof TimeoutError ? performance.now() - started : -1),
      );
    const [never100, never400, late, now] = await Promise.all([
      timedOutAt(request(`mux${id}.never`, bytes('a'), { timeout: 100 })),
      timedOutAt(request(`mux${id}.never`, bytes('b'), { timeout: 400 })),
      request(`mux${id}.late`, bytes('c'), { timeout: 2000 }),
      request(`mux${id}.now`, bytes('d'), { timeout: 100 }),
    ]);
    expect(never100).toBeGreaterThanOrEqual(100);
    expect(never100).toBeLessThan(100 + 3 * SWEEP_MS + 100);
    expect(never400).toBeGreaterThanOrEqual(400);
    expect(never400).toBeLessThan(400 + 3 * SWEEP_MS + 100);
    expect(new TextDecoder().decode(late.data)).toBe('late');
    expect(new TextDecoder().decode(now.data)).toBe('now');
    // Settled requests stay settled: a later sweep rejects nothing (an unhandled rejection would fail the run).
    await new Promise((r) => setTimeout(r, 5 * SWEEP_MS));
  });
});
