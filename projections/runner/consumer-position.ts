// The read model's durable pull consumer. Its cursor must agree with the checkpoint in PostgreSQL, which is
// the truth: when it does not (messages delivered but not applied, a crash between commit and ack, a reset
// read model), the consumer is recreated to start right after the checkpoint (or at the stream's start).
import {
  AckPolicy,
  DeliverPolicy,
  ReplayPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { allEventsFilter } from '../../events/index.js';

export const ACK_WAIT_NS = 60 * 1_000_000_000;
export const MAX_ACK_PENDING = 1_000;

export function consumerName(readModel: string): string {
  return `proj_${readModel}`;
}

export interface ConsumerTarget {
  streamName: string;
  prefix: string;
  readModel: string;
}

/** Makes sure the consumer exists and will deliver the first message after `checkpoint` next. */
export async function positionConsumer(
  jsm: JetStreamManager,
  target: ConsumerTarget,
  checkpoint: number,
): Promise<void> {
  const name = consumerName(target.readModel);
  const info = await consumerInfo(jsm, target.streamName, name);
  if (info && agrees(info, target, checkpoint)) return;
  if (info) await jsm.consumers.delete(target.streamName, name);
  await jsm.consumers.add(target.streamName, consumerConfig(target, checkpoint));
}

export async function deleteConsumer(
  jsm: JetStreamManager,
  streamName: string,
  readModel: string,
): Promise<void> {
  try {
    await jsm.consumers.delete(streamName, consumerName(readModel));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

function consumerConfig(target: ConsumerTarget, checkpoint: number): Partial<ConsumerConfig> {
  const start =
    checkpoint === 0
      ? { deliver_policy: DeliverPolicy.All } // a fresh read model replays the whole stream
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: checkpoint + 1 };
  return {
    durable_name: consumerName(target.readModel),
    filter_subject: allEventsFilter(target.prefix),
    ack_policy: AckPolicy.Explicit,
    ack_wait: ACK_WAIT_NS,
    max_ack_pending: MAX_ACK_PENDING,
    max_deliver: -1, // never give up on a message: a skipped message would be a silently missing row
    replay_policy: ReplayPolicy.Instant,
    ...start,
  };
}

function agrees(info: ConsumerInfo, target: ConsumerTarget, checkpoint: number): boolean {
  return (
    info.config.filter_subject === allEventsFilter(target.prefix) &&
    info.config.ack_policy === AckPolicy.Explicit &&
    info.num_ack_pending === 0 &&
    info.num_redelivered === 0 &&
    info.delivered.stream_seq === checkpoint
  );
}

async function consumerInfo(
  jsm: JetStreamManager,
  stream: string,
  name: string,
): Promise<ConsumerInfo | null> {
  try {
    return await jsm.consumers.info(stream, name);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && /not found/i.test(err.message);
}
