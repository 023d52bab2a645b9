// Debian's headless Chromium (/usr/bin/chromium) driven by playwright-core, never a downloaded browser: a fresh
// profile per launch, and every console error and page error of every page collected for the tests to check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  /** A new signed-out browser context (own cookies) at 1366×768, its pages' errors collected unless told not to. */
  context(opts?: { watchErrors?: boolean }): Promise<BrowserContext>;
  /** Console errors and uncaught page errors seen so far, with the page's URL. */
  errors: string[];
  close(): Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'c4m-chromium-'));
  // A persistent context is how playwright takes a user-data-dir; the tests open their own contexts beside it.
  const persistent = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: FLAGS,
    headless: true,
  });
  const browser = persistent.browser();
  const errors: string[] = [];
  const watch = (page: Page): void => {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  };
  const contexts: BrowserContext[] = [];
  return {
    errors,
    context: async (opts = {}) => {
      const ctx = browser ? await browser.newContext({ viewport: { width: 1366, height: 768 } }) : persistent;
      if (opts.watchErrors !== false) ctx.on('page', watch);
      contexts.push(ctx);
      return ctx;
    },
    close: async () => {
      for (const c of contexts) if (c !== persistent) await c.close().catch(() => undefined);
      await persistent.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
