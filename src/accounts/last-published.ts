// The last snapshot event of a type, read from the stream itself (its last message on the type's system
// subject, `<prefix>.evt.<type>._`), so "has this content been published?" is answered by the log, not by a
// table that could have been reset. Only `contentHash` is read, without decoding, so a snapshot written by
// newer code is still compared.
import type { JetStreamManager } from '@nats-io/jetstream';
import { eventSubject, type EventType } from '../../events/index.js';

export interface LastPublished {
  /** Stream sequence of the event: the version a dataset names. */
  seq: number;
  contentHash: string | undefined;
}

export type FindLastPublished = (type: EventType) => Promise<LastPublished | undefined>;

export function createLastPublishedLookup(
  jsm: JetStreamManager,
  streamName: string,
  prefix: string,
): FindLastPublished {
  return async (type) => {
    const msg = await jsm.streams.getMessage(streamName, { last_by_subj: eventSubject(prefix, type, null) });
    if (!msg) return undefined;
    return { seq: msg.seq, contentHash: contentHashOf(msg.json<unknown>()) };
  };
}

function contentHashOf(event: unknown): string | undefined {
  const data = (event as { data?: { contentHash?: unknown } } | null)?.data;
  return typeof data?.contentHash === 'string' ? data.contentHash : undefined;
}
