// The runner's decoding rules for one stream message, shared by the live runner and rebuilds: a type the read
// model has no projector for is not even decoded; an invalid event is the read model's dead letter; an event
// from newer code is waited on; any other failure of the decoder is the code's fault.
import {
  EventFromNewerCodeError,
  EventValidationError,
  eventTypes,
  typeToken,
  type DomainEvent,
  type EventDecoder,
} from '../../events/index.js';
import type { StreamMessage } from './batch-outcome.js';
import type { ReadModel } from './read-model.js';

export type Decoded =
  | { ok: true; event: DomainEvent }
  | { ok: false; reason: string }
  | { ok: 'not handled' }
  | { ok: 'newer'; error: EventFromNewerCodeError }
  | { ok: 'broken'; error: unknown };

/**
 * A message whose subject names a type this read model does not handle is not even decoded (the read model
 * that handles it dead-letters it if need be); a subject naming no known type is decoded: dead-lettered
 * when invalid, waited on when newer code wrote it.
 */
export function decodeMessage(
  message: StreamMessage,
  handled: ReadonlyMap<string, boolean>,
  decode: EventDecoder,
): Decoded {
  const token = message.subject.split('.')[2] ?? '';
  if (handled.get(token) === false) return { ok: 'not handled' };
  const mismatch = (type: string): Decoded => ({
    ok: false,
    reason: `subject ${message.subject} does not match type ${type}`,
  });
  try {
    const event = decode(message.data);
    return typeToken(event.type) === token ? { ok: true, event } : mismatch(event.type);
  } catch (err) {
    if (err instanceof EventFromNewerCodeError) {
      // A subject naming another known type will not match whatever code reads it.
      return handled.has(token) && err.type.replaceAll('.', '_') !== token
        ? mismatch(err.type)
        : { ok: 'newer', error: err };
    }
    if (err instanceof EventValidationError) return { ok: false, reason: err.message };
    return { ok: 'broken', error: err };
  }
}

const tokenCache = new WeakMap<ReadModel, ReadonlyMap<string, boolean>>();

/** Every known type token → whether the read model handles that type. */
export function handledTypeTokens(readModel: ReadModel): ReadonlyMap<string, boolean> {
  let tokens = tokenCache.get(readModel);
  if (!tokens) {
    tokens = new Map(eventTypes.map((t) => [typeToken(t), readModel.projectors[t] !== undefined]));
    tokenCache.set(readModel, tokens);
  }
  return tokens;
}
