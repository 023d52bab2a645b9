// How far the projections are behind the stream: per read model, the messages its durable consumer has not
// yet acknowledged (pending + in flight), from the consumer's info on the NATS server.
import type { JetStreamManager } from '@nats-io/jetstream';
import { consumerName, readModels } from '../../projections/index.js';

/** Unacknowledged events per read model (undefined while its consumer does not exist yet). */
export async function projectionLag(
  jsm: JetStreamManager,
  streamName: string,
): Promise<Record<string, number | undefined>> {
  const entries = await Promise.all(
    readModels.map(async (m) => {
      const info = await jsm.consumers.info(streamName, consumerName(m.name)).catch(() => undefined);
      return [m.name, info ? info.num_pending + info.num_ack_pending : undefined] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export const totalLag = (lag: Record<string, number | undefined>): number =>
  Object.values(lag).reduce<number>((a, b) => a + (b ?? 0), 0);
