import { describe, expect, it } from 'vitest';
import { parseRoleArgs, servicesFor } from './roles.js';

describe('parseRoleArgs', () => {
  it('runs every role when no role or `all` is named', () => {
    expect(parseRoleArgs([])).toEqual({ ok: true, roles: ['api', 'inference', 'projections'] });
    expect(parseRoleArgs(['all'])).toEqual({ ok: true, roles: ['api', 'inference', 'projections'] });
  });

  it('runs only the named roles, each once', () => {
    expect(parseRoleArgs(['projections', 'api', 'api'])).toEqual({ ok: true, roles: ['api', 'projections'] });
  });

  it('rejects an unknown role with the usage', () => {
    const parsed = parseRoleArgs(['ui']);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/unknown role: ui[\s\S]*usage/);
  });
});

describe('servicesFor', () => {
  it('asks only for the services the chosen roles talk to', () => {
    expect(servicesFor(['inference'])).toEqual(['nats']);
    expect(servicesFor(['projections'])).toEqual(['nats', 'postgres']);
    expect(servicesFor(['inference', 'api'])).toEqual(['nats', 'postgres', 'redis']);
  });
});
