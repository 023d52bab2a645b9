// Password hashing with argon2id. New hashes use the OWASP minimum (19 MiB, t=2, p=1), which keeps a login
// near 20 ms on a small server; verification reads the parameters from any PHC string, so hashes made by
// the Python server (m=102400, p=8) keep working.
import argon2 from 'argon2';

export const PASSWORD_HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a stored value that is not a valid argon2 hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(phc, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification, so an unknown e-mail answers as slowly as a wrong password. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-0');
  await verifyPassword(await dummyHash, password);
}
