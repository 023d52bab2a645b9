// "The analytics read model committed up to sequence N", as the projections announce it on core NATS
// (projectionCommittedSubject): one subscription per process, shared by every listener (each live
// dashboard), opened with the first listener and closed with the last.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { projectionCommittedSubject } from '../../events/index.js';
import { ANALYTICS_READ_MODEL } from './read-checkpoint.js';

export interface ChangeFeed {
  /** Calls `onSeq` with each announced checkpoint; returns the function that stops listening. */
  listen(onSeq: (seq: number) => void): () => void;
}

export function createNatsChangeFeed(nc: NatsConnection, prefix: string): ChangeFeed {
  const subject = projectionCommittedSubject(prefix, ANALYTICS_READ_MODEL);
  const listeners = new Set<(seq: number) => void>();
  let sub: Subscription | undefined;
  const open = (): Subscription =>
    nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        let seq: unknown;
        try {
          seq = msg.json<{ seq?: unknown }>().seq;
        } catch {
          return; // not ours: nothing to announce
        }
        if (typeof seq !== 'number') return;
        for (const listener of listeners) listener(seq);
      },
    });
  return {
    listen(onSeq) {
      listeners.add(onSeq);
      sub ??= open();
      return () => {
        listeners.delete(onSeq);
        if (listeners.size === 0 && sub) {
          sub.unsubscribe();
          sub = undefined;
        }
      };
    },
  };
}
