// The NATS connection and the JetStream handles, opened by entry points only.
import {
  ClosedConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  PermissionViolationError,
} from '@nats-io/nats-core';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';

export interface Nats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/**
 * Connection options for every NATS connection of the platform. `noAsyncTraces` stops the client from building an
 * Error (with its stack) for every request and publish just in case it fails: that cost 7% of the API's CPU.
 */
export function natsConnectOptions(url: string, name: string) {
  return { servers: natsServers(url), name, maxReconnectAttempts: -1, noAsyncTraces: true };
}

/**
 * NATS_URL's servers: one URL, or a comma-separated list for a cluster. The client takes a list as an array
 * (a string is one server), connects to one of them and moves to another when it goes away.
 */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export async function createNats(url: string, name: string): Promise<Nats> {
  const nc = await connect(natsConnectOptions(url, name));
  const jsm = await jetstreamManager(nc);
  return { nc, js: jetstream(nc), jsm };
}

/**
 * How long a JetStream write (an event append, a live-context KV write) keeps trying, all tries together. Long
 * enough for most leader elections in a cluster (the two servers left wait 4-9 s after the leader died), short
 * enough that a request which also waits for a model still answers within the plugin's 10 s while NATS is down.
 */
export const NATS_WRITE_DEADLINE_MS = 6_000;

/**
 * Whether a failed JetStream write can succeed when tried again: yes while a stream has no leader (no responders,
 * a timeout, JetStream's 503) or the client is moving to another server; not when the connection is closing or
 * the server refused the message itself (too large, a limit, a permission, a wrong revision).
 */
export function isTransientNatsError(err: unknown): boolean {
  if (err instanceof JetStreamApiError) return err.status === 503;
  return !(
    err instanceof ClosedConnectionError ||
    err instanceof DrainingConnectionError ||
    err instanceof InvalidArgumentError ||
    err instanceof PermissionViolationError
  );
}
