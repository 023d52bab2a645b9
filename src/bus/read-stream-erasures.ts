// The erasures in the stream up to a sequence: every user.erased message (one subject filter), read before a
// rebuild's passes or a replay, so a read that starts mid-stream or filters by type still knows which users
// were erased and leaves out anything of theirs appended after (events/erased-users.ts).
import type { JetStreamClient } from '@nats-io/jetstream';
import { ErasedUsers, eventsOfTypeFilter } from '../../events/index.js';
import { readStreamRange } from './read-stream-range.js';

export async function readStreamErasures(
  js: JetStreamClient,
  streamName: string,
  prefix: string,
  untilSeq: number,
): Promise<ErasedUsers> {
  const erased = new ErasedUsers();
  const range = { from: 1, to: untilSeq, filter: eventsOfTypeFilter(prefix, 'user.erased') };
  for await (const batch of readStreamRange(js, streamName, range))
    for (const message of batch) erased.isStraggler(message);
  erased.takeNoted();
  return erased;
}
