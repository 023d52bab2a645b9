// How far a read model has applied the stream: its checkpoint (projection_checkpoint.last_seq), which the
// runner advances over every message, handled or not. Where the stream's last messages were deleted (a user's
// events erased) no message carries the checkpoint to the end, so a read model whose durable consumer has
// nothing pending and nothing unacknowledged counts as at the stream's last sequence.
import type { ConsumerInfo } from '@nats-io/jetstream';
import { consumerName, readCheckpoint } from '../../../projections/runner/index.js';
import type { DatasetSourceDeps } from '../dataset-definition.js';

/** The stream's last sequence (0 when it is empty). */
export async function streamLastSeq(deps: DatasetSourceDeps): Promise<number> {
  return (await deps.stream.jsm.streams.info(deps.stream.name)).state.last_seq;
}

/** The read model's position, given the stream's last sequence read just before. */
export async function readModelPosition(
  deps: DatasetSourceDeps,
  readModel: string,
  lastSeq: number,
): Promise<number> {
  const checkpoint = await readCheckpoint(deps.db, readModel);
  if (checkpoint >= lastSeq) return checkpoint;
  const consumer = await consumerInfo(deps, readModel);
  // Nothing left to deliver, everything delivered acknowledged (so committed: the runner acknowledges after
  // its commit), and the acknowledged floor at the checkpoint (not a consumer left over from a reset). The
  // server moves `delivered` past deleted messages but not the floor, which only acknowledgements move.
  const caughtUp =
    consumer !== null &&
    consumer.num_pending === 0 &&
    consumer.num_ack_pending === 0 &&
    consumer.ack_floor.stream_seq === checkpoint;
  return caughtUp ? lastSeq : checkpoint;
}

async function consumerInfo(deps: DatasetSourceDeps, readModel: string): Promise<ConsumerInfo | null> {
  try {
    return await deps.stream.jsm.consumers.info(deps.stream.name, consumerName(readModel));
  } catch (err) {
    if (err instanceof Error && /not found/i.test(err.message)) return null;
    throw err;
  }
}
