// GET /api/analytics/live as server-sent events: `event: changed` with {"asOfSeq": N} whenever the analytics
// read model commits, coalesced to at most one every `minIntervalMs` (the latest sequence wins), and a
// `: keepalive` comment every `keepaliveMs`. The feed's listener is dropped when the client goes away.
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ChangeFeed } from '../../analytics/change-feed.js';

export interface LiveTiming {
  minIntervalMs: number;
  keepaliveMs: number;
}

export const LIVE_TIMING: LiveTiming = { minIntervalMs: 200, keepaliveMs: 15_000 };

export function liveChanges(c: Context, feed: ChangeFeed, timing: LiveTiming = LIVE_TIMING): Response {
  c.header('Cache-Control', 'no-cache');
  c.header('X-Accel-Buffering', 'no'); // a proxy in front must not hold the events back
  return streamSSE(c, async (stream) => {
    let latest = 0;
    let sent = 0;
    let lastSentAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      timer = undefined;
      if (latest <= sent || stream.aborted) return;
      sent = latest;
      lastSentAt = Date.now();
      void stream.writeSSE({ event: 'changed', data: JSON.stringify({ asOfSeq: latest }) });
    };
    const stop = feed.listen((seq) => {
      if (seq <= latest) return;
      latest = seq;
      timer ??= setTimeout(flush, Math.max(0, lastSentAt + timing.minIntervalMs - Date.now()));
    });
    const keepalive = setInterval(() => void stream.write(': keepalive\n\n'), timing.keepaliveMs);
    await stream.write(': connected\n\n');
    await new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      if (stream.aborted) resolve();
    });
    stop();
    clearInterval(keepalive);
    clearTimeout(timer);
  });
}
