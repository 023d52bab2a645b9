// The erasures in the stream, read before a rebuild's passes: every user.erased message (one subject filter),
// so a pass that starts mid-stream still knows which users were erased before it, and the live bookkeeping
// (projection_erased_user) gets them too for the passes that apply through the ordinary projectors.
import type { Nats } from '../../src/platform/nats.js';
import { readStreamRange } from '../../src/bus/read-stream-range.js';
import { typeToken } from '../../events/index.js';
import { ErasedUsers } from '../runner/index.js';

export async function readStreamErasures(nats: Nats, streamName: string): Promise<ErasedUsers> {
  const { state } = await nats.jsm.streams.info(streamName);
  const erased = new ErasedUsers();
  const range = { from: 1, to: state.last_seq, filter: `*.evt.${typeToken('user.erased')}.*` };
  for await (const batch of readStreamRange(nats.js, streamName, range))
    for (const message of batch) erased.isStraggler(message);
  erased.takeNoted();
  return erased;
}
