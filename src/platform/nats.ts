// The NATS connection and the JetStream handles, opened by entry points only.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

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
  return { servers: url, name, maxReconnectAttempts: -1, noAsyncTraces: true };
}

export async function createNats(url: string, name: string): Promise<Nats> {
  const nc = await connect(natsConnectOptions(url, name));
  const jsm = await jetstreamManager(nc);
  return { nc, js: jetstream(nc), jsm };
}
