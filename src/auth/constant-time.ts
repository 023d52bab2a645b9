// Comparing secrets in JavaScript: both sides are hashed to SHA-256 and the digests compared with
// crypto.timingSafeEqual, so the time taken says nothing about where two values differ, nor about their lengths.
import { createHash, timingSafeEqual } from 'node:crypto';

const digestOf = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Whether a presented secret (token, session id, digest) equals the expected one, in constant time. */
export function secretsEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(digestOf(presented), digestOf(expected));
}
