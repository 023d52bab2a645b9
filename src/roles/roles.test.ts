import { describe, expect, it } from 'vitest';
import { parseRoleArgs, servicesFor } from './roles.js';

describe('parseRoleArgs', () => {
  it('runs every role when no role or `all` is named', () => {
    const every = ['api', 'inference', 'projections', 'ui'];
    expect(parseRoleArgs([])).toEqual({ ok: true, roles: every });
    expect(parseRoleArgs(['all'])).toEqual({ ok: true, roles: every });
  });

  it('runs only the named roles, each once', () => {
    expect(parseRoleArgs(['projections', 'api', 'api'])).toEqual({ ok: true, roles: ['api', 'projections'] });
  });

  it('rejects an unknown role with the usage', () => {
    const parsed = parseRoleArgs(['dashboard']);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/unknown role: dashboard[\s\S]*usage/);
  });
});

describe('servicesFor', () => {
  it('asks only for the services the chosen roles talk to', () => {
    expect(servicesFor(['inference'])).toEqual(['nats']);
    expect(servicesFor(['ui'])).toEqual([]);
    expect(servicesFor(['projections'])).toEqual(['nats', 'postgres']);
    expect(servicesFor(['inference', 'api'])).toEqual(['nats', 'postgres', 'redis']);
  });
});
