// Acknowledgements lost on the way to the consumer. An ack is a plain publish: when a consumer's leader dies in a
// cluster, the acks sent meanwhile can vanish, and the new leader still counts those messages as pending. Once
// MAX_ACK_PENDING of them pile up it delivers nothing more until their ack wait (60 s) has passed: the read
// model stands still with nothing to tell. While the runner waits for messages, it asks the consumer now and then;
// messages pending although everything delivered is applied (and was acked) mean lost acks, and the runner
// repositions the consumer at the checkpoint, which starts it afresh.
import type { JetStreamManager } from '@nats-io/jetstream';

/** How long the runner waits for a message before it asks the consumer whether its acks arrived. */
export const ACK_CHECK_IDLE_MS = 3_000;

export class LostAcksError extends Error {
  readonly code = 'lost_acks' as const;
  constructor(
    readonly readModel: string,
    readonly pending: number,
    readonly checkpoint: number,
  ) {
    super(
      `read model ${readModel}: the consumer counts ${pending} messages unacknowledged although every one it ` +
        `delivered is applied (checkpoint ${checkpoint}): their acks were lost; repositioning the consumer`,
    );
    this.name = 'LostAcksError';
  }
}

/**
 * Throws LostAcksError when the consumer holds pending messages it delivered at or before `applied`. A consumer
 * that cannot be asked (no leader yet) is left alone: consuming goes on, and the next idle wait asks again.
 */
export async function checkAcksArrived(
  jsm: JetStreamManager,
  target: { streamName: string; consumer: string; readModel: string },
  applied: number,
): Promise<void> {
  const info = await jsm.consumers.info(target.streamName, target.consumer).catch(() => undefined);
  if (!info) return;
  if (info.num_ack_pending > 0 && info.delivered.stream_seq <= applied)
    throw new LostAcksError(target.readModel, info.num_ack_pending, applied);
}
