// Google ID tokens (sign-up and login with Google): signature from Google's keys, issuer, expiry, our
// client ids as audience and a verified e-mail (the Python server checked no audience, S4).
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError, Errors } from '../platform/errors.js';

export interface GoogleIdentity {
  email: string;
  subject: string;
}

/** Verifies a Google ID token; throws a 401 AppError when it is not acceptable. */
export type GoogleTokenVerifier = (idToken: string) => Promise<GoogleIdentity>;

const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

export const googleNotConfigured = () =>
  new AppError('google_not_configured', 401, 'Google sign-in is not configured on this server.');

export function createGoogleTokenVerifier(
  clientIds: readonly string[],
  keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(GOOGLE_JWKS_URL)),
): GoogleTokenVerifier {
  return async (idToken) => {
    if (clientIds.length === 0) throw googleNotConfigured();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(idToken, keys, { issuer: GOOGLE_ISSUERS, audience: [...clientIds] }));
    } catch {
      throw Errors.invalidJwt();
    }
    const { email, email_verified: verified, sub } = payload;
    if (typeof email !== 'string' || verified !== true || typeof sub !== 'string') throw Errors.invalidJwt();
    return { email: email.toLowerCase(), subject: sub };
  };
}
