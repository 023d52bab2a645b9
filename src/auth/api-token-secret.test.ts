// The shape and hash of researchers' API token secrets.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashApiTokenSecret, isApiTokenSecret, mintApiTokenSecret } from './api-token-secret.js';

describe('API token secrets', () => {
  it('are c4m_rt_ and 256 random bits in base64url, stored as the hex SHA-256 of the whole secret', () => {
    const bytes = Buffer.alloc(32, 0xfb);
    const { secret, hash } = mintApiTokenSecret(() => bytes);
    expect(secret).toBe(`c4m_rt_${bytes.toString('base64url')}`);
    expect(secret).toHaveLength(7 + 43);
    expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hashApiTokenSecret(secret)).toBe(hash);
    expect(isApiTokenSecret(secret)).toBe(true);
  });

  it('differ every time they are minted', () => {
    const minted = Array.from({ length: 50 }, () => mintApiTokenSecret());
    expect(new Set(minted.map((m) => m.secret)).size).toBe(50);
    expect(minted.every((m) => isApiTokenSecret(m.secret))).toBe(true);
  });

  it('are told apart from other credentials before any lookup', () => {
    const valid = mintApiTokenSecret().secret;
    for (const value of [
      undefined,
      '',
      valid.slice(0, -1),
      `${valid}A`,
      valid.replace('c4m_rt_', 'c4m_xx_'),
      `${valid.slice(0, -1)}=`,
      '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e0f',
    ])
      expect(isApiTokenSecret(value), String(value)).toBe(false);
  });
});
