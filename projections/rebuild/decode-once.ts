// Decoding each stream message at most once for all the read models of one pass, with the runner's rules
// (projections/runner/apply-batch.ts): a read model skips a known type it has no projector for; a message
// it cannot decode is its dead letter; any other decode failure (newer code wrote it) stops the rebuild.
import {
  decodeEvent,
  EventValidationError,
  eventTypes,
  typeToken,
  type DomainEvent,
} from '../../events/index.js';
import type { ReadModel, StreamMessage } from '../runner/index.js';

export type Decoded = { ok: true; event: DomainEvent } | { ok: false; reason: string };

const knownTokens = new Map(eventTypes.map((t) => [typeToken(t), t]));

export function subjectToken(subject: string): string {
  return subject.split('.')[2] ?? '';
}

/** Whether the read model looks into a message of this subject token (a token of no known type: all do). */
export function readModelTakes(readModel: ReadModel, token: string): boolean {
  const type = knownTokens.get(token);
  return type === undefined || readModel.projectors[type] !== undefined;
}

export function decodeMessage(message: StreamMessage, token: string): Decoded {
  try {
    const event = decodeEvent(message.data);
    if (typeToken(event.type) !== token)
      return { ok: false, reason: `subject ${message.subject} does not match type ${event.type}` };
    return { ok: true, event };
  } catch (err) {
    if (err instanceof EventValidationError) return { ok: false, reason: err.message };
    throw err;
  }
}

/** A batch whose messages are decoded on first use, once, whichever read model asks first. */
export class DecodedBatch {
  private readonly cache: (Decoded | undefined)[];
  readonly tokens: string[];

  constructor(readonly messages: readonly StreamMessage[]) {
    this.cache = new Array<Decoded | undefined>(messages.length);
    this.tokens = messages.map((m) => subjectToken(m.subject));
  }

  decodedAt(i: number): Decoded {
    return (this.cache[i] ??= decodeMessage(this.messages[i]!, this.tokens[i]!));
  }
}
