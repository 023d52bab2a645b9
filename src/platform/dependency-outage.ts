// Tells a failure of a backing service (NATS, PostgreSQL, Redis down, restarting or unreachable) from a fault of
// ours, by the errors their clients throw, so that the API answers it 503 with Retry-After instead of 500.
// The shapes are the clients' own: nats.js error names, pg's socket and SQLSTATE codes, ioredis' messages.
import type { ServiceName } from './service-probe.js';

/** What a client is told to wait before trying again: a restart of any of the three takes a few seconds. */
export const OUTAGE_RETRY_AFTER_S = 5;

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATEs of a server that is going away or not there yet (class 08: connection exceptions). */
const PG_UNAVAILABLE = /^(08...|57P01|57P02|57P03|53300)$/;
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client was closed and is not queryable/;

const NATS_NAMES = new Set([
  'TimeoutError',
  'NoRespondersError',
  'ConnectionError',
  'ClosedConnectionError',
  'DrainingConnectionError',
  'RequestError',
]);
/** JetStream answering while it is not ready yet after a restart (its 503). An append that ran out of tries is
 * judged by its cause. */
const NATS_MESSAGES = /JetStream system temporarily unavailable|jetstream not enabled|no responders/i;

const REDIS_MESSAGES =
  /Connection is closed|Reached the max retries per request limit|Stream isn't writeable|^Command timed out$|^LOADING /;

/** The service that is down; `unknown` for a bare socket error that does not say whose socket it was. */
export type OutageOf = ServiceName | 'unknown';

/** The service whose outage caused `err` (looking through `cause`), or undefined when it is not an outage. */
export function dependencyOutageOf(err: unknown): OutageOf | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const found = classify(e);
    if (found) return found;
  }
  return undefined;
}

function classify(e: Error & { code?: unknown }): OutageOf | undefined {
  const code = typeof e.code === 'string' ? e.code : '';
  if (e.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(e.message)) return 'redis';
  if (NATS_NAMES.has(e.name) || NATS_MESSAGES.test(e.message)) return 'nats';
  if (PG_UNAVAILABLE.test(code) || PG_MESSAGES.test(e.message)) return 'postgres';
  // A refused or cut socket: pg and ioredis both raise these bare; whichever it was, it is down.
  if (SOCKET_CODES.has(code)) return 'unknown';
  return undefined;
}
