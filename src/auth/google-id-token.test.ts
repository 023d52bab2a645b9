import { describe, expect, it } from 'vitest';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { createGoogleTokenVerifier } from './google-id-token.js';

const CLIENT_ID = 'ours.apps.googleusercontent.com';
const { publicKey, privateKey } = await generateKeyPair('RS256');
const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });

function idToken(claims: Record<string, unknown>, aud = CLIENT_ID, iss = 'https://accounts.google.com') {
  return new SignJWT({ email: 'Ada@Example.com', email_verified: true, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(iss)
    .setAudience(aud)
    .setSubject('1234')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

describe('Google ID tokens', () => {
  const verify = createGoogleTokenVerifier([CLIENT_ID], jwks);

  it('accepts a token for our client id and answers the lower-cased e-mail', async () => {
    expect(await verify(await idToken({}))).toEqual({ email: 'ada@example.com', subject: '1234' });
  });

  it('rejects tokens minted for another app, by another issuer, or with an unverified e-mail', async () => {
    await expect(verify(await idToken({}, 'someone-else.apps.googleusercontent.com'))).rejects.toMatchObject({
      status: 401,
    });
    await expect(verify(await idToken({}, CLIENT_ID, 'https://evil.example'))).rejects.toMatchObject({
      status: 401,
    });
    await expect(verify(await idToken({ email_verified: false }))).rejects.toMatchObject({
      status: 401,
      message: 'Invalid or expired token!',
    });
    await expect(verify('not.a.jwt')).rejects.toMatchObject({ status: 401 });
  });

  it('answers 401 with a clear message when no client id is configured', async () => {
    const unconfigured = createGoogleTokenVerifier([], jwks);
    await expect(unconfigured(await idToken({}))).rejects.toMatchObject({
      status: 401,
      message: 'Google sign-in is not configured on this server.',
    });
  });
});
