// The dashboard in headless Chromium against the real platform (API on a port, projections, an inference worker
// with the test models, the UI server built and started against it): sign-in, seeded numbers, live updates
// after plugin feedback, every analytics page, a plain user's scope, and no console errors. Screenshots of the
// main pages go to .ci-results/screenshots/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { setUserRole } from '../../src/accounts/index.js';
import type { UiProcess } from '../../src/roles/ui-process.js';
import { launchChromium, type TestBrowser } from '../support/chromium.js';
import { startDashboard } from '../support/dashboard.js';
import { eventually } from '../support/eventually.js';
import { PluginClient } from '../support/plugin-client.js';
import {
  askCompletion,
  MODELS,
  PASSWORD,
  sendFeedback,
  signUpPlugin,
  signUpWithPassword,
  startResearchPlatform,
  type PluginUser,
  type ResearchPlatform,
} from '../support/research-platform.js';

const SHOTS = '.ci-results/screenshots';
let platform: ResearchPlatform;
let ui: UiProcess;
let apiUrl: string;
let browser: TestBrowser;
let alice: PluginUser;
let researcher: Page;
const aliceQueries: string[] = [];

beforeAll(async () => {
  platform = await startResearchPlatform();
  apiUrl = await platform.listen();
  const [dashboard, chromium] = await Promise.all([startDashboard(apiUrl), launchChromium()]);
  ui = dashboard;
  browser = chromium;
  mkdirSync(SHOTS, { recursive: true });
  const { user_id: ritaId } = await signUpWithPassword(new PluginClient(platform.app), 'rita@example.org');
  await setUserRole(platform.api.deps, ritaId, 'researcher', 'test');
  alice = await signUpPlugin(platform.app, 'alice@example.org');
  const bob = await signUpPlugin(platform.app, 'bob@example.org');
  // Alice: 3 queries to two models (6 completions), 2 accepted; Bob: 2 queries to one model, 1 accepted.
  for (let i = 0; i < 3; i++) {
    aliceQueries.push(
      await askCompletion(alice, { models: [MODELS.echo, MODELS.silent], prefix: `a${i} = ` }),
    );
  }
  await sendFeedback(alice, aliceQueries[0]!, MODELS.echo, true, 'a0 = 1');
  await sendFeedback(alice, aliceQueries[0]!, MODELS.silent, false);
  await sendFeedback(alice, aliceQueries[1]!, MODELS.echo, false);
  await sendFeedback(alice, aliceQueries[1]!, MODELS.silent, true);
  for (let i = 0; i < 2; i++) {
    const q = await askCompletion(bob, { models: [MODELS.echo], prefix: `b${i} = `, languageId: 26 });
    await sendFeedback(bob, q, MODELS.echo, i === 0);
  }
  await platform.caughtUp();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await ui?.stop();
  await platform?.close();
});

async function signIn(ctx: BrowserContext, email: string, password = PASSWORD): Promise<Page> {
  const page = await ctx.newPage();
  // Typed before hydration, the values could be reset by it.
  await open(page, '/');
  await page.waitForURL(/\/login/);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  return page;
}

/** A full page load, then the wait for hydration (before it, clicks and typing do not reach the app). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${ui.url}${path}`);
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

async function metric(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-metric="${name}"]`).textContent())?.trim() ?? '';
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

describe('the dashboard in a browser', () => {
  it('signs a researcher in with e-mail and password and shows everyone’s seeded completions', async () => {
    researcher = await signIn(await browser.context(), 'rita@example.org');
    await researcher.waitForSelector('[data-metric="completions"]');
    expect(await metric(researcher, 'completions')).toBe('8');
    expect(await metric(researcher, 'accepted')).toBe('3');
    expect(await metric(researcher, 'acceptance-rate')).toBe('37.5 %');
    expect(await researcher.locator('[data-scope]').getAttribute('data-scope')).toBe('all');
    await eventually(async () =>
      expect(await researcher.locator('[data-live]').getAttribute('data-live')).toBe('live'),
    );
    await shot(researcher, 'overview');
  });

  it('changes the acceptance rate on screen, without a reload, when feedback comes in through the plugin API', async () => {
    await researcher.evaluate('window.notReloaded = true');
    await sendFeedback(alice, aliceQueries[2]!, MODELS.echo, true);
    await eventually(async () => {
      expect(await metric(researcher, 'accepted')).toBe('4');
      expect(await metric(researcher, 'acceptance-rate')).toBe('50.0 %');
    }, 15_000);
    expect(await researcher.evaluate('window.notReloaded')).toBe(true);
  });

  it('opens every breakdown with its groups, each with n and an interval', async () => {
    // The seeding may straddle an hour: one or two hourly buckets.
    const expected = { model: [2], language: [2], trigger: [1], version: [1], user: [2], time: [1, 2] };
    for (const [by, groups] of Object.entries(expected)) {
      await open(researcher, `/breakdowns/${by}`);
      const table = researcher.locator(`[data-breakdown-table="${by}"]`);
      await eventually(async () =>
        expect(groups).toContain(await table.locator('tbody tr[data-row]').count()),
      );
      expect(await table.locator('td[data-col="rate"] .interval').first().textContent()).toMatch(/^\[\d/);
      if (by === 'model' || by === 'time') await shot(researcher, `breakdown-${by}`);
    }
  });

  it('sorts a breakdown table by a column on a click of its header', async () => {
    await open(researcher, '/breakdowns/user');
    const shown = researcher.locator('[data-breakdown-table="user"] td[data-col="shown"]');
    await researcher.click('[data-breakdown-table="user"] button[data-sort="shown"]');
    expect((await shown.allTextContents()).map((t) => t.trim())).toEqual(['6', '2']);
    await researcher.click('[data-breakdown-table="user"] button[data-sort="shown"]');
    expect((await shown.allTextContents()).map((t) => t.trim())).toEqual(['2', '6']);
  });

  it('compares two models on the same queries, with the difference and its interval', async () => {
    await open(researcher, '/compare');
    await researcher.locator('[data-comparison-empty]').waitFor();
    await researcher.check(`input[data-model="${MODELS.echo}"]`);
    await researcher.waitForURL(/models=/);
    await researcher.check(`input[data-model="${MODELS.silent}"]`);
    const row = researcher.locator('[data-comparison] tbody tr[data-row]');
    await eventually(async () => expect(await row.count()).toBe(1));
    expect(await row.locator('td[data-col="queries"]').textContent()).toContain('3');
    expect(await row.locator('td[data-col="diff"] .interval').textContent()).toMatch(/^\[.+pp, .+pp\]$/);
    await shot(researcher, 'compare');
  });

  it('shows ground-truth survival and calibration per model', async () => {
    await open(researcher, '/survival');
    await researcher.locator('[data-survival]').waitFor();
    await shot(researcher, 'survival');
    await open(researcher, '/calibration');
    const models = researcher.locator('[data-calibration] tbody tr[data-row]');
    await eventually(async () => expect(await models.count()).toBeGreaterThan(0));
    expect(await researcher.locator('[data-bins] tbody tr[data-row]').count()).toBeGreaterThan(0);
    await shot(researcher, 'calibration');
  });

  it('keeps the filters in the URL and switches to the dark theme', async () => {
    await open(researcher, '/?window=7d&language=26');
    expect(await metric(researcher, 'completions')).toBe('2');
    expect(await researcher.locator('select[name="window"]').inputValue()).toBe('7d');
    await researcher.click('[data-theme-toggle]');
    expect(await researcher.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await open(researcher, '/');
    await shot(researcher, 'overview-dark');
    await researcher.click('[data-theme-toggle]');
  });

  it('streams the current filter’s completions dataset to a researcher through the UI', async () => {
    const res = await researcher.request.get(`${ui.url}/download?format=csv&window=7d&language=26`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(1 + 2);
  });

  it('shows a plain user only their own completions, without the user breakdown or downloads', async () => {
    const page = await signIn(await browser.context(), 'bob@example.org');
    await page.waitForSelector('[data-metric="completions"]');
    expect(await metric(page, 'completions')).toBe('2');
    expect(await metric(page, 'accepted')).toBe('1');
    expect(await page.locator('[data-scope]').getAttribute('data-scope')).toBe('own');
    expect(await page.locator('[data-download]').count()).toBe(0);
    await open(page, '/breakdowns/model');
    expect(await page.locator('[data-breakdown="user"]').count()).toBe(0);
    await page.click('form[action="/logout"] button');
    await page.waitForURL(/\/login/);
  });

  it('logged no console error on any page it showed', () => {
    expect(browser.errors).toEqual([]);
  });
});

describe('the dashboard refusing', () => {
  it('sends a signed-out visitor to sign in and refuses a wrong password with a message', async () => {
    const ctx = await browser.context({ watchErrors: false });
    const page = await signIn(ctx, 'rita@example.org', 'not-the-password');
    await page.locator('[role="alert"]').waitFor();
    expect(page.url()).toMatch(/\/login/);
  });

  it('answers a plain user’s user breakdown and dataset download with the API’s 403', async () => {
    const page = await signIn(await browser.context({ watchErrors: false }), 'bob@example.org');
    await page.waitForSelector('[data-metric="completions"]');
    await open(page, '/breakdowns/user');
    expect(await page.locator('[data-error]').getAttribute('data-error')).toBe('403');
    expect((await page.request.get(`${ui.url}/download?format=csv`)).status()).toBe(403);
  });

  it('offers Google sign-in only when a Google client id is configured', async () => {
    const withGoogle = await startDashboard(apiUrl, 'test-client.apps.googleusercontent.com');
    try {
      expect(await (await fetch(`${withGoogle.url}/login`)).text()).toContain('data-google-signin');
    } finally {
      await withGoogle.stop();
    }
    expect(await (await fetch(`${ui.url}/login`)).text()).not.toContain('data-google-signin');
  });
});
