import { describe, expect, it } from 'vitest';
import {
  decideServiceAction,
  LocalServicesError,
  START_HINT,
  type ServiceSituation,
} from './local-services.js';
import { isLoopbackHost, serviceEndpoint } from './service-probe.js';

const situation = (over: Partial<ServiceSituation> = {}): ServiceSituation => ({
  service: 'redis',
  endpoint: { host: '127.0.0.1', port: 6379 },
  answers: false,
  autoStart: true,
  binDir: '/usr/bin',
  ...over,
});

describe('decideServiceAction', () => {
  it('uses a service that answers, even when it could start one', () => {
    expect(decideServiceAction(situation({ answers: true }))).toEqual({ action: 'use' });
    expect(decideServiceAction(situation({ answers: true, autoStart: false, binDir: null }))).toEqual({
      action: 'use',
    });
  });

  it('starts a missing local service when allowed and installed', () => {
    expect(decideServiceAction(situation())).toEqual({ action: 'start', binDir: '/usr/bin' });
    expect(decideServiceAction(situation({ endpoint: { host: 'localhost', port: 1 } }))).toMatchObject({
      action: 'start',
    });
  });

  it('fails naming the setting when starting services is turned off', () => {
    const d = decideServiceAction(situation({ service: 'nats', autoStart: false }));
    expect(d).toMatchObject({ action: 'fail' });
    expect(d.action === 'fail' && d.reason).toMatch(
      /NATS .*127\.0\.0\.1:6379.*C4M_AUTO_START_SERVICES=false.*NATS_URL/,
    );
  });

  it('never starts a service for a URL on another machine', () => {
    const d = decideServiceAction(
      situation({ service: 'postgres', endpoint: { host: 'db.example', port: 5432 } }),
    );
    expect(d.action === 'fail' && d.reason).toMatch(/not on this machine.*DATABASE_URL/);
  });

  it('fails naming the missing binary when the service is not installed', () => {
    const d = decideServiceAction(situation({ binDir: null }));
    expect(d.action === 'fail' && d.reason).toMatch(/redis-server is not installed/);
  });

  it('tells exactly what to install or run in the error', () => {
    const err = new LocalServicesError(['Redis does not answer']);
    expect(err.message).toContain('apt-get install nats-server postgresql redis-server');
    expect(err.message).toContain('docker compose up -d nats postgres redis');
  });

  it('marks only a missing binary as not installed, so only then the error tells what to install', () => {
    const base = { service: 'redis' as const, endpoint: { host: '127.0.0.1', port: 1 }, answers: false };
    expect(decideServiceAction({ ...base, autoStart: true, binDir: null })).toMatchObject({
      notInstalled: true,
    });
    expect(decideServiceAction({ ...base, autoStart: false, binDir: null })).not.toHaveProperty(
      'notInstalled',
    );
    expect(new LocalServicesError(['x'], START_HINT).message).not.toContain('apt-get');
  });
});

describe('serviceEndpoint', () => {
  it('reads host and port from each kind of URL, with the default port when none is given', () => {
    expect(serviceEndpoint('nats', 'nats://127.0.0.1:4223')).toEqual({ host: '127.0.0.1', port: 4223 });
    expect(serviceEndpoint('nats', 'nats://a:1,nats://b:2')).toEqual({ host: 'a', port: 1 });
    expect(serviceEndpoint('nats', 'localhost')).toEqual({ host: 'localhost', port: 4222 });
    expect(serviceEndpoint('postgres', 'postgres://postgres@127.0.0.1/code4me')).toEqual({
      host: '127.0.0.1',
      port: 5432,
    });
    expect(serviceEndpoint('redis', 'redis://[::1]:6380')).toEqual({ host: '::1', port: 6380 });
  });

  it('counts only loopback addresses as this machine', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', 'postgres', '10.0.0.1'].some(isLoopbackHost)).toBe(false);
  });
});
