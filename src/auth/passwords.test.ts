import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

// Made with the Python server's argon2-cffi defaults (m=102400, t=2, p=8), written in argon2-cffi's
// parameter order (m, t, p). Password: Secret123.
const PYTHON_HASH =
  '$argon2id$v=19$m=102400,t=2,p=8$1sIXPz8oPYF4tuYaTX/FMA$dhHHZx82ik0PcH0xsE3JER3eZho0f6paqa30bKyX/ww';

describe('passwords', () => {
  it('hashes new passwords with argon2id at the OWASP parameters and verifies them', async () => {
    const phc = await hashPassword('Secret123');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(phc, 'Secret123')).toBe(true);
    expect(await verifyPassword(phc, 'Secret124')).toBe(false);
  });

  it("verifies hashes made by the Python server's argon2-cffi", async () => {
    expect(await verifyPassword(PYTHON_HASH, 'Secret123')).toBe(true);
  });

  it('treats a stored value that is not an argon2 hash as a wrong password', async () => {
    expect(await verifyPassword('plaintext', 'plaintext')).toBe(false);
    expect(await verifyPassword('', '')).toBe(false);
  });
});
