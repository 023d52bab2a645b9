// Decoding each stream message at most once for all the read models of one pass, with the runner's rules
// (projections/runner/decode-message.ts): a read model skips a known type it has no projector for; a message
// it cannot decode is its dead letter; an event from newer code, or a decoder that breaks, stops the rebuild.
import { decodeEvent, eventTypes, typeToken, type DomainEvent } from '../../events/index.js';
import type { ErasedUsers } from '../../events/index.js';
import { decodeMessage as decodeForRunner, type ReadModel, type StreamMessage } from '../runner/index.js';
import { RebuildRefusedError } from './rebuild-errors.js';

export type Decoded = { ok: true; event: DomainEvent } | { ok: false; reason: string };

const knownTokens = new Map(eventTypes.map((t) => [typeToken(t), t]));
/** Every known type as handled: which read model wants a message is readModelTakes' question. */
const everyType = new Map(eventTypes.map((t) => [typeToken(t), true]));

export function subjectToken(subject: string): string {
  return subject.split('.')[2] ?? '';
}

/** Whether the read model looks into a message of this subject token (a token of no known type: all do). */
export function readModelTakes(readModel: ReadModel, token: string): boolean {
  const type = knownTokens.get(token);
  return type === undefined || readModel.projectors[type] !== undefined;
}

export function decodeMessage(message: StreamMessage): Decoded {
  const decoded = decodeForRunner(message, everyType, decodeEvent);
  if (decoded.ok === true || decoded.ok === false) return decoded;
  if (decoded.ok === 'newer') {
    throw new RebuildRefusedError(
      'all',
      `stream sequence ${message.seq} (${message.subject}) was written by newer code: ${decoded.error.message}; run the rebuild with that code`,
    );
  }
  if (decoded.ok === 'broken') {
    throw new Error(`decoding stream sequence ${message.seq} (${message.subject}) failed`, {
      cause: decoded.error,
    });
  }
  throw new Error(`stream sequence ${message.seq} was not decoded`);
}

/** A batch whose messages are decoded on first use, once, whichever read model asks first. */
export class DecodedBatch {
  private readonly cache: (Decoded | undefined)[];
  readonly tokens: string[];
  /** Per message: an erased user's event after their user.erased, which no read model takes. */
  readonly stragglers: boolean[];

  constructor(
    readonly messages: readonly StreamMessage[],
    erased?: ErasedUsers,
  ) {
    this.cache = new Array<Decoded | undefined>(messages.length);
    this.tokens = messages.map((m) => subjectToken(m.subject));
    this.stragglers = messages.map((m) => erased?.isStraggler(m) ?? false);
  }

  decodedAt(i: number): Decoded {
    return (this.cache[i] ??= decodeMessage(this.messages[i]!));
  }
}

/**
 * The message a pass is offering to its loaders, decoded on first use, once: one slot, reused for every
 * message of the pass, so offering a message allocates nothing.
 */
export class DecodeOnce {
  private current: StreamMessage | undefined;
  private decoded: Decoded | undefined;
  token = '';
  /** An erased user's event after their user.erased, which no read model takes. */
  straggler = false;

  constructor(private readonly erased?: ErasedUsers) {}

  set(message: StreamMessage): void {
    this.current = message;
    this.decoded = undefined;
    this.token = subjectToken(message.subject);
    this.straggler = this.erased?.isStraggler(message) ?? false;
  }

  get message(): StreamMessage {
    return this.current!;
  }

  get(): Decoded {
    return (this.decoded ??= decodeMessage(this.current!));
  }
}
