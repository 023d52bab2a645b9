// The dashboard's part of bench/dashboard, on the seeded environment: the platform (API on a port, projections,
// an inference worker with the test models) and the UI server (ui/build) against it; each page's render time
// through the UI server, and the live delay from a feedback request to the change on screen in Chromium.
import pg from 'pg';
import { issueAuthToken } from '../../src/auth/index.js';
import { launchChromium } from '../../tests/support/chromium.js';
import { startDashboard } from '../../tests/support/dashboard.js';
import {
  askCompletion,
  MODELS,
  sendFeedback,
  signUpPlugin,
  startResearchPlatform,
} from '../../tests/support/research-platform.js';
import { seedUser } from '../../tests/support/seed-user.js';
import type { TestEnv } from '../../tests/support/test-env.js';
import { measureLiveDelay, measureRenders, type PageRequest, type Quantiles } from './ui-timings.js';

/** The UI's session cookie (ui/src/lib/server/session.ts). */
const SESSION_COOKIE = 'c4m_ui_session';

export interface UiBench {
  pages: Record<string, Quantiles>;
  live: Quantiles;
}

export async function measureUi(
  env: TestEnv,
  o: { rounds: number; liveRounds: number; models: readonly number[]; windows: readonly string[] },
): Promise<UiBench> {
  await startAnalyticsAtStreamStart(env.config.databaseUrl);
  const platform = await startResearchPlatform({ env });
  const ui = await startDashboard(await platform.listen());
  const browser = await launchChromium();
  try {
    const researcher = await seedUser(platform.api.deps.db, { verified: true, role: 'researcher' });
    const token = await issueAuthToken(platform.api.deps.redis, researcher.userId, 3600);
    console.error(`dashboard on ${ui.url}: ${o.rounds} rounds of its pages ...`);
    const pages = await measureRenders(pageRequests(ui.url, `${SESSION_COOKIE}=${token}`, o), o.rounds);
    const ctx = await browser.context();
    await ctx.addCookies([{ name: SESSION_COOKIE, value: token, url: ui.url }]);
    const page = await ctx.newPage();
    await page.goto(`${ui.url}/`);
    await page.locator('[data-live="live"]').waitFor();
    const plugin = await signUpPlugin(platform.app, 'live-bench@example.org');
    const queries: string[] = [];
    const completions = page.locator('[data-metric="completions"]');
    console.error(`live delay, ${o.liveRounds} rounds ...`);
    const live = await measureLiveDelay(
      page,
      {
        prepare: async (i) => {
          const before = await completions.textContent();
          queries[i] = await askCompletion(plugin, { models: [MODELS.echo], prefix: `live${i} = ` });
          await page.waitForFunction(
            `document.querySelector('[data-metric="completions"]').textContent !== ${JSON.stringify(before)}`,
          );
        },
        send: (i) => sendFeedback(plugin, queries[i]!, MODELS.echo, true),
      },
      o.liveRounds,
    );
    if (browser.errors.length > 0) throw new Error(`the pages logged errors: ${browser.errors.join('; ')}`);
    return { pages, live };
  } finally {
    await browser.close();
    await ui.stop();
    await platform.close();
  }
}

function pageRequests(
  base: string,
  cookie: string,
  o: { models: readonly number[]; windows: readonly string[] },
): Record<string, PageRequest> {
  const pages: Record<string, PageRequest> = { 'sign-in page (no API call)': { url: `${base}/login` } };
  for (const w of o.windows) {
    const paths: Record<string, string> = {
      overview: `/?window=${w}`,
      ...Object.fromEntries(
        ['model', 'language', 'trigger', 'version', 'user', 'time'].map((by) => [
          `breakdown by ${by}`,
          `/breakdowns/${by}?window=${w}${by === 'time' && w !== '24h' ? '&interval=day' : ''}`,
        ]),
      ),
      compare: `/compare?models=${o.models.join(',')}&window=${w}`,
      survival: `/survival?window=${w}`,
      calibration: `/calibration?window=${w}`,
    };
    for (const [name, path] of Object.entries(paths)) pages[`${w} ${name}`] = { url: base + path, cookie };
  }
  return pages;
}

/**
 * The seed folded its rows from no stream and set the analytics checkpoint to its event count: back to the
 * (empty) stream's position, so that this phase's events are applied on top, not taken as already seen.
 */
async function startAnalyticsAtStreamStart(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`UPDATE projection_checkpoint SET last_seq = 0 WHERE projection = 'analytics'`);
  } finally {
    await client.end();
  }
}
