// Erasure from the event stream (GDPR): removes a user's events, found by their subjects
// `<prefix>.evt.<type>.<userId>`, wherever they stand in the stream: those before the user.erased event and any
// that a request in flight appended after it. user.erased itself stays: it carries no personal data, and
// projections and rebuilds need it to delete the user's rows and to ignore anything of the user after it.
import type { JetStreamManager } from '@nats-io/jetstream';
import { eventSubject, eventTypes, type EventType } from '../../events/index.js';

export interface PurgeUserEventsRequest {
  userId: string;
  /** 'all': every event of the user; 'account': only the events holding e-mail, name or a token's name. */
  scope: 'all' | 'account';
}

/** Returns how many messages were removed. */
export type PurgeUserEvents = (req: PurgeUserEventsRequest) => Promise<number>;

// A token's name is the operator's free text ("Ada's laptop"), so it goes with the account's own facts.
export const ACCOUNT_EVENT_TYPES: readonly EventType[] = [
  'user.registered',
  'user.updated',
  'api.token.created',
];

/** The types an erasure of this scope removes (user.erased never). */
export function purgedEventTypes(scope: PurgeUserEventsRequest['scope']): readonly EventType[] {
  return scope === 'all' ? eventTypes.filter((t) => t !== 'user.erased') : ACCOUNT_EVENT_TYPES;
}

export function createUserEventPurger(
  jsm: JetStreamManager,
  streamName: string,
  prefix: string,
): PurgeUserEvents {
  return async ({ userId, scope }) => {
    // One subject per type: a subject filter cannot say "all types but one", and a sequence bound would
    // leave what was appended after user.erased.
    const purged = await Promise.all(
      purgedEventTypes(scope).map(
        async (type) =>
          (await jsm.streams.purge(streamName, { filter: eventSubject(prefix, type, userId) })).purged,
      ),
    );
    return purged.reduce((a, b) => a + b, 0);
  };
}
