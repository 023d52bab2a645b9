import { describe, expect, it } from 'vitest';
import { createDownloadSlots } from './download-slots.js';

function body(chunks: number, onCancel: () => void = () => undefined): Response {
  let sent = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < chunks) controller.enqueue(new Uint8Array([sent]));
        else controller.close();
      },
      cancel: onCancel,
    }),
    { headers: { 'x-stream-sequence': '7' } },
  );
}

describe('download slots', () => {
  it('gives out at most the limit, and a slot again once one is released', () => {
    const slots = createDownloadSlots(2);
    const a = slots.tryTake();
    expect(slots.tryTake()).not.toBeNull();
    expect(slots.tryTake()).toBeNull();
    a!.release();
    a!.release(); // twice counts once
    expect(slots.inUse()).toBe(1);
    expect(slots.tryTake()).not.toBeNull();
    expect(slots.tryTake()).toBeNull();
  });

  it('keeps the slot while the body is read and gives it back at its end, headers unchanged', async () => {
    const slots = createDownloadSlots(1);
    const res = slots.tryTake()!.holdUntilSent(body(3));
    expect(res.headers.get('x-stream-sequence')).toBe('7');
    const reader = res.body!.getReader();
    await reader.read();
    expect(slots.inUse()).toBe(1);
    while (!(await reader.read()).done);
    expect(slots.inUse()).toBe(0);
  });

  it('gives the slot back when the client cancels, and cancels the body beneath', async () => {
    const slots = createDownloadSlots(1);
    let cancelled = false;
    const res = slots.tryTake()!.holdUntilSent(body(100, () => (cancelled = true)));
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(cancelled).toBe(true);
    expect(slots.inUse()).toBe(0);
  });

  it('gives the slot back when the body fails', async () => {
    const slots = createDownloadSlots(1);
    const failing = new Response(
      new ReadableStream({
        pull: () => Promise.reject(new Error('connection lost')),
      }),
    );
    await expect(slots.tryTake()!.holdUntilSent(failing).arrayBuffer()).rejects.toThrow('connection lost');
    expect(slots.inUse()).toBe(0);
  });
});
