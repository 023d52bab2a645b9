// The NATS connection and the JetStream handles, opened by entry points only.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

export interface Nats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

export async function createNats(url: string, name: string): Promise<Nats> {
  const nc = await connect({ servers: url, name, maxReconnectAttempts: -1 });
  const jsm = await jetstreamManager(nc);
  return { nc, js: jetstream(nc), jsm };
}
