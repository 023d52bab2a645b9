// Starts every role in one process against the real services (own database, stream and prefixes), as
// `npm start` does, and stops them again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { startPlatform, type RunningPlatform } from './start-platform.js';

let env: TestEnv;
let platform: RunningPlatform | undefined;

beforeAll(async () => {
  env = await createTestEnv({ migrate: false });
});

afterAll(async () => {
  await platform?.close();
  await env.cleanup();
});

describe('startPlatform', () => {
  it('migrates, creates the stream and serves the plugin API with every role running', async () => {
    platform = await startPlatform(
      ['api', 'inference', 'projections'],
      env.config,
      pino({ level: 'silent' }),
    );
    expect(platform.roles.map((r) => r.role)).toEqual(['inference', 'projections', 'api']);
    const api = platform.roles.find((r) => r.role === 'api');
    const ping = await fetch(`${api?.url}/api/ping`, { method: 'HEAD' });
    expect(ping.status).toBe(200);
  });

  it("serves every role's metrics from one registry on the api's port, and no listener of its own", async () => {
    const api = platform?.roles.find((r) => r.role === 'api');
    const text = await (await fetch(`${api?.url}/metrics`)).text();
    for (const name of ['c4m_http_requests_total', 'c4m_model_available', 'c4m_projection_state'])
      expect(text).toContain(`# TYPE ${name} `);
    expect(platform?.metricsUrl).toBeUndefined();
    const ready = (await (await fetch(`${api?.url}/health/ready`)).json()) as {
      checks: Array<{ role: string }>;
    };
    expect(new Set(ready.checks.map((c) => c.role))).toEqual(new Set(['api', 'inference', 'projections']));
  });

  it('stops every role and leaves the port closed', async () => {
    const url = platform?.roles.find((r) => r.role === 'api')?.url;
    await platform?.close();
    platform = undefined;
    await expect(fetch(`${url}/api/ping`)).rejects.toThrow();
  });
});
