// The ui role on its own, as `npm run start:ui` runs it: builds ui/ if stale, serves the dashboard on its port
// and stops the child process again.
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../platform/config.js';
import type { RunningRole } from './roles.js';
import { startUiRole } from './start-ui.js';

let role: RunningRole | undefined;

afterAll(async () => {
  await role?.close();
});

describe('startUiRole', () => {
  it('serves the sign-in page and sends a signed-out visitor of any other page to it', async () => {
    const config = loadConfig({}, { host: '127.0.0.1', uiPort: 0, uiApiUrl: 'http://127.0.0.1:9' });
    role = await startUiRole(config, pino({ level: 'silent' }));
    expect(role.description).toContain('API http://127.0.0.1:9');
    const login = await fetch(`${role.url}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('Sign in to the Code4me dashboard');
    const overview = await fetch(`${role.url}/breakdowns/model`, { redirect: 'manual' });
    expect(overview.status).toBe(303);
    expect(overview.headers.get('location')).toBe('/login?next=%2Fbreakdowns%2Fmodel');
  }, 240_000);

  it('stops the dashboard’s process on close', async () => {
    const url = role?.url;
    await role?.close();
    role = undefined;
    await expect(fetch(`${url}/login`)).rejects.toThrow();
  });
});
