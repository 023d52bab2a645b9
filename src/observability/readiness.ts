// Readiness: every check of the process at once, each with a deadline, so a service that hangs (a NATS client
// reconnecting, a PostgreSQL pool waiting to connect) answers "not ready" in time instead of holding the probe.
import { sql } from 'kysely';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Db } from '../platform/db.js';
import type { Redis } from '../platform/redis.js';
import type { Dependency, ReadinessCheck } from './observability.js';

export interface CheckResult {
  dependency: Dependency;
  role: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  /** Dependencies with at least one failed check, each once. */
  failed: Dependency[];
  checks: CheckResult[];
}

export async function checkReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs = 2_000,
): Promise<Readiness> {
  const results = await Promise.all(checks.map((c) => runCheck(c, timeoutMs)));
  const failed = [...new Set(results.filter((r) => !r.ok).map((r) => r.dependency))];
  return { ready: failed.length === 0, failed, checks: results };
}

async function runCheck(c: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([c.check(), deadline]);
    return { dependency: c.dependency, role: c.role, ok: true, ms: elapsed(t0) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { dependency: c.dependency, role: c.role, ok: false, ms: elapsed(t0), error };
  } finally {
    clearTimeout(timer);
  }
}

const elapsed = (t0: number): number => Math.round(performance.now() - t0);

/** A round trip to the NATS server (fails at once while the client is disconnected or closed). */
export function natsReadiness(role: string, nc: NatsConnection): ReadinessCheck {
  return {
    dependency: 'nats',
    role,
    check: async () => {
      if (nc.isClosed()) throw new Error('connection closed');
      await nc.rtt();
    },
  };
}

export function postgresReadiness(role: string, db: Db): ReadinessCheck {
  return { dependency: 'postgres', role, check: async () => void (await sql`SELECT 1`.execute(db)) };
}

/** PING, refused at once when ioredis is not connected (it would otherwise queue the command). */
export function redisReadiness(role: string, redis: Redis): ReadinessCheck {
  return {
    dependency: 'redis',
    role,
    check: async () => {
      if (redis.status !== 'ready') throw new Error(`connection ${redis.status}`);
      await redis.ping();
    },
  };
}
