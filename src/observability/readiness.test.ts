import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness.js';
import type { ReadinessCheck } from './observability.js';

const check = (dependency: ReadinessCheck['dependency'], role: string, run: () => Promise<void>) => ({
  dependency,
  role,
  check: run,
});

describe('checkReadiness', () => {
  it('is ready when every check passes', async () => {
    const r = await checkReadiness([check('nats', 'api', async () => undefined)]);
    expect(r).toMatchObject({ ready: true, failed: [], checks: [{ dependency: 'nats', ok: true }] });
  });

  it('names each failed dependency once, with the error, and gives up on a check that hangs', async () => {
    const r = await checkReadiness(
      [
        check('nats', 'api', async () => undefined),
        check('postgres', 'api', () => Promise.reject(new Error('ECONNREFUSED'))),
        check('postgres', 'projections', () => new Promise<void>(() => undefined)),
        check('redis', 'api', () => new Promise<void>(() => undefined)),
      ],
      50,
    );
    expect(r.ready).toBe(false);
    expect(r.failed).toEqual(['postgres', 'redis']);
    expect(r.checks.map((c) => [c.role, c.dependency, c.ok, c.error])).toEqual([
      ['api', 'nats', true, undefined],
      ['api', 'postgres', false, 'ECONNREFUSED'],
      ['projections', 'postgres', false, 'no answer within 50 ms'],
      ['api', 'redis', false, 'no answer within 50 ms'],
    ]);
  });
});
