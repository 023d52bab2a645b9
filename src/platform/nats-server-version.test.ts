import { describe, expect, it } from 'vitest';
import { describeNatsDurability, parseNatsServerVersion, supportsSyncAlways } from './nats-server-version.js';

describe('nats-server versions', () => {
  it('reads the version that nats-server --version prints', () => {
    expect(parseNatsServerVersion('nats-server: v2.9.10\n')).toEqual({
      major: 2,
      minor: 9,
      patch: 10,
      text: '2.9.10',
    });
    expect(parseNatsServerVersion('nats-server: v2.10.27')?.text).toBe('2.10.27');
    expect(parseNatsServerVersion('command not found')).toBeNull();
  });

  it('starts 2.10 and later with an fsync before every acknowledgement, and 2.9 without', () => {
    const v = (text: string) => parseNatsServerVersion(text);
    expect(supportsSyncAlways(v('v2.9.25'))).toBe(false);
    expect(supportsSyncAlways(v('v2.10.0'))).toBe(true);
    expect(supportsSyncAlways(v('v2.12.1'))).toBe(true);
    expect(supportsSyncAlways(v('v3.0.0'))).toBe(true);
    expect(supportsSyncAlways(null)).toBe(false);
  });

  it('warns that 2.9 flushes lazily and can lose acknowledged events in an OS crash', () => {
    const d = describeNatsDurability(parseNatsServerVersion('v2.9.10'));
    expect(d).toMatchObject({ syncAlways: false, level: 'warn' });
    expect(d.message).toMatch(/2\.9\.10 has no sync_interval .*lazily.*OS crash .*lose events/);
    expect(describeNatsDurability(parseNatsServerVersion('v2.10.27'))).toMatchObject({
      syncAlways: true,
      level: 'info',
    });
  });
});
