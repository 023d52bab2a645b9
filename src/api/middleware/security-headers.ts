// Security headers on every answer (hono's secure-headers): no sniffing, no referrer, never framed, and a CSP
// that lets an API answer load nothing. HTML pages (/docs) get a page CSP: their own scripts (with the request's
// nonce, c.get('secureHeadersNonce')) and styles only, unless the page's route sets a stricter one itself, which
// is kept. HSTS only when configured (served over TLS).
import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { Config } from '../../platform/config.js';

type Options = NonNullable<Parameters<typeof secureHeaders>[0]>;

function baseOptions(config: Pick<Config, 'hstsMaxAgeS'>): Options {
  return {
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity:
      config.hstsMaxAgeS > 0 ? `max-age=${config.hstsMaxAgeS}; includeSubDomains` : false,
  };
}

/** Every answer; headers a route (or htmlPageHeaders) set already are left as they are. */
export function securityHeaders(config: Pick<Config, 'hstsMaxAgeS'>): MiddlewareHandler {
  return secureHeaders({
    ...baseOptions(config),
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    overwrite: false,
  });
}

/** HTML pages: scripts of this origin and those carrying the request's nonce; nothing from elsewhere. */
export function htmlPageHeaders(config: Pick<Config, 'hstsMaxAgeS'>): MiddlewareHandler {
  return secureHeaders({
    ...baseOptions(config),
    overwrite: false,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
}
