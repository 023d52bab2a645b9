// Erasure from the event stream (GDPR): removes a user's events, found by the subject filter
// `<prefix>.evt.<type>.<userId>`, that precede the user.erased event (which itself carries no personal data
// and must stay so projections can delete the user's rows).
import type { JetStreamManager } from '@nats-io/jetstream';
import { eventSubject, eventsOfUserFilter, type EventType } from '../../events/index.js';

export interface PurgeUserEventsRequest {
  userId: string;
  /** Purge messages with a lower stream sequence only (the sequence of the user.erased event). */
  beforeSeq: number;
  /** 'all': every event of the user; 'account': only the events holding e-mail, name or a token's name. */
  scope: 'all' | 'account';
}

/** Returns how many messages were removed. */
export type PurgeUserEvents = (req: PurgeUserEventsRequest) => Promise<number>;

// A token's name is the operator's free text ("Ada's laptop"), so it goes with the account's own facts.
const ACCOUNT_EVENT_TYPES: EventType[] = ['user.registered', 'user.updated', 'api.token.created'];

export function createUserEventPurger(
  jsm: JetStreamManager,
  streamName: string,
  prefix: string,
): PurgeUserEvents {
  return async ({ userId, beforeSeq, scope }) => {
    const filters =
      scope === 'all'
        ? [eventsOfUserFilter(prefix, userId)]
        : ACCOUNT_EVENT_TYPES.map((type) => eventSubject(prefix, type, userId));
    let purged = 0;
    for (const filter of filters) {
      const res = await jsm.streams.purge(streamName, { filter, seq: beforeSeq });
      purged += res.purged;
    }
    return purged;
  };
}
