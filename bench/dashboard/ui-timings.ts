// What the dashboard adds to the analytics bench: each page's server render time through the UI server (SSR
// of the whole page, its API calls included) beside the API's own answer time, and the live delay from a
// feedback request to the change on screen in headless Chromium.
import type { Page } from 'playwright-core';
import { percentile } from '../inference/stats.js';

export interface Quantiles {
  p50: number;
  p95: number;
  n: number;
}

function quantiles(ms: number[]): Quantiles {
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), n: ms.length };
}

async function timed(url: string, cookie: string | undefined): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - start;
}

export interface PageRequest {
  url: string;
  /** The UI's session cookie; none for the sign-in page. */
  cookie?: string;
}

/** Every round GETs each page once, in order (after one warm-up round), and returns their quantiles. */
export async function measureRenders(
  pages: Record<string, PageRequest>,
  rounds: number,
): Promise<Record<string, Quantiles>> {
  const entries = Object.entries(pages);
  const samples = entries.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (const [i, [, page]] of entries.entries()) {
      const ms = await timed(page.url, page.cookie);
      if (round >= 0) samples[i]!.push(ms);
    }
  }
  return Object.fromEntries(entries.map(([name], i) => [name, quantiles(samples[i]!)]));
}

export interface LiveRound {
  /** Makes a completion to accept later (not timed; the page has shown it when this resolves). */
  prepare(round: number): Promise<void>;
  /** The feedback request that accepts it. */
  send(round: number): Promise<void>;
}

const WAIT_FOR_CHANGE = `new Promise((resolve) => {
  const el = document.querySelector('[data-metric="accepted"]');
  const seen = el.textContent;
  new MutationObserver((_, o) => {
    if (el.textContent !== seen) { o.disconnect(); resolve(performance.timeOrigin + performance.now()); }
  }).observe(el, { characterData: true, childList: true, subtree: true });
  setTimeout(() => resolve(null), 15000);
})`;

/**
 * On a page showing the overview, per round: prepare a completion, then time from just before the feedback
 * request to the moment the page's DOM shows the new accepted count (noted inside the page by a
 * MutationObserver, on the same clock).
 */
export async function measureLiveDelay(page: Page, live: LiveRound, rounds: number): Promise<Quantiles> {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await live.prepare(i);
    // A statement, not the promise: evaluate() would wait for it.
    await page.evaluate(`window.__changedAt = ${WAIT_FOR_CHANGE}; undefined`);
    const start = Date.now();
    await live.send(i);
    const changedAt = await page.evaluate<number | null>('window.__changedAt');
    if (changedAt === null) throw new Error(`round ${i}: the accepted count did not change within 15 s`);
    ms.push(changedAt - start);
  }
  return quantiles(ms);
}
