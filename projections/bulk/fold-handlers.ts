// The event dispatch every bulk fold shares: one handler per event type it folds, a projector's refusal turned
// into the dead-letter reason the runner would give, any other error rethrown (the code's fault).
import type { DomainEvent, EventType } from '../../events/index.js';
import type { BulkFold } from '../runner/read-model.js';
import { rejectionReason } from './fold-reasons.js';

/** What a bulk fold does with each event type it folds; types without a handler are skipped. */
export type FoldHandlers = { [T in EventType]?: (event: DomainEvent<T>, seq: number) => void };

/** A BulkFold's `add`: runs the event's handler; returns a dead-letter reason for a refused event, else null. */
export function foldWith(handlers: FoldHandlers): BulkFold['add'] {
  return (event, seq) => {
    const handle = handlers[event.type] as ((e: DomainEvent, seq: number) => void) | undefined;
    try {
      handle?.(event, seq);
      return null;
    } catch (err) {
      return rejectionReason(err);
    }
  };
}
