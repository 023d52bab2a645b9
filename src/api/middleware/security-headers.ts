// Security headers on every answer: no sniffing, no referrer, never framed, and a CSP that lets an API answer
// load nothing, plus the cross-origin isolation headers hono's secure-headers sends by default. An HTML page's
// route sets its page CSP itself (/docs: routes/api-reference.ts), which is kept. HSTS only when configured
// (served over TLS).
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../../platform/config.js';
import { presetHeaders, type HeaderList } from './preset-headers.js';

/** What hono's secureHeaders({ xFrameOptions: 'DENY', referrerPolicy: 'no-referrer', contentSecurityPolicy }) sends. */
const SECURITY_HEADERS: HeaderList = [
  // First: the one no route sets itself (presetHeaders).
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-XSS-Protection', '0'],
];

export function securityHeadersOf(config: Pick<Config, 'hstsMaxAgeS'>): HeaderList {
  if (config.hstsMaxAgeS <= 0) return SECURITY_HEADERS;
  return [
    ...SECURITY_HEADERS,
    ['Strict-Transport-Security', `max-age=${config.hstsMaxAgeS}; includeSubDomains`],
  ];
}

/** Every answer; headers a route set itself are left as they are. */
export function securityHeaders(config: Pick<Config, 'hstsMaxAgeS'>): MiddlewareHandler {
  const headers = securityHeadersOf(config);
  return (c, next) => presetHeaders(c, next, headers);
}
