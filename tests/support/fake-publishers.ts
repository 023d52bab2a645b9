// Fakes of our own EventPublisher port: one that counts what passes through to the real one (to tell "appended
// once" from "deduplicated by JetStream"), and one whose appends fail as if JetStream did not answer.
import { AppendFailedError, type EventPublisher } from '../../src/bus/event-publisher.js';

export interface CountingPublisher extends EventPublisher {
  /** Ids of the events appended through it, in order, repeats included. */
  readonly appendedIds: string[];
}

export function countingPublisher(inner: EventPublisher): CountingPublisher {
  const appendedIds: string[] = [];
  const append: EventPublisher['append'] = (event, opts) => {
    appendedIds.push(event.id);
    return inner.append(event, opts);
  };
  return { appendedIds, append, appendAll: (events) => Promise.all(events.map((e) => append(e))) };
}

export const failingPublisher: EventPublisher = {
  append: async (event) => {
    throw new AppendFailedError(event, new Error('no JetStream in this test'));
  },
  appendAll: async (events) => {
    throw new AppendFailedError(events[0]!, new Error('no JetStream in this test'));
  },
};
