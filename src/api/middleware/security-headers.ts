// Security headers on every answer (hono's secure-headers): no sniffing, no referrer, never framed, and a CSP
// that lets an API answer load nothing. An HTML page's route sets its page CSP itself (/docs:
// routes/api-reference.ts), which is kept. HSTS only when configured (served over TLS).
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../../platform/config.js';

/** Every answer; headers a route set already are left as they are. */
export function securityHeaders(config: Pick<Config, 'hstsMaxAgeS'>): MiddlewareHandler {
  return secureHeaders({
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity:
      config.hstsMaxAgeS > 0 ? `max-age=${config.hstsMaxAgeS}; includeSubDomains` : false,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    overwrite: false,
  });
}
