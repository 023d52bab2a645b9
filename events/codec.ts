// Building, encoding and decoding events: schemas are checked on write and on read, and old versions are
// upcast on read so consumers only ever see the latest shape. A type or version this code does not know yet
// is not invalid but newer: EventFromNewerCodeError, so a reader waits for newer code instead of dropping it.
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { EnvelopeSchema, type Envelope, type TypedEnvelope } from './envelope.js';
import { catalogEntry, isEventType, type EventDataMap, type EventType } from './catalog.js';

export interface EventIds {
  userId: string | null;
  sessionId?: string | null;
  projectId?: string | null;
  queryId?: string | null;
  correlationId: string;
}

export type DomainEvent<T extends EventType = EventType> = TypedEnvelope<EventDataMap[T]> & { type: T };

export class EventValidationError extends Error {
  readonly code = 'event_invalid' as const;
  constructor(message: string) {
    super(message);
    this.name = 'EventValidationError';
  }
}

/** The event was written by newer code: its type is unknown here, or its version is above the latest. */
export class EventFromNewerCodeError extends Error {
  readonly code = 'event_from_newer_code' as const;
  constructor(
    readonly type: string,
    readonly version: number,
  ) {
    super(
      isEventType(type)
        ? `unknown version ${version} of ${type} (latest known: ${catalogEntry(type).latest}); written by newer code`
        : `unknown event type ${type} v${version}; written by newer code`,
    );
    this.name = 'EventFromNewerCodeError';
  }
}

/** Upcasting a valid event failed: a missing or broken upcaster, a bug to fix, not a bad event. */
export class EventUpcastError extends Error {
  readonly code = 'event_upcast_failed' as const;
  constructor(type: string, version: number, cause: unknown) {
    super(`upcasting ${type} v${version} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'EventUpcastError';
  }
}

/** Turns stream bytes into an event; `decodeEvent` is the one the platform uses (tests may pass others). */
export type EventDecoder = (bytes: Uint8Array) => DomainEvent;

/** Makes a validated event of the latest version; `id` and `occurredAt` may be given for replayable ids. */
export function makeEvent<T extends EventType>(
  type: T,
  ids: EventIds,
  data: EventDataMap[T],
  opts: { id?: string; occurredAt?: Date } = {},
): DomainEvent<T> {
  const entry = catalogEntry(type);
  const envelope = {
    id: opts.id ?? uuidv7(),
    type,
    version: entry.latest,
    occurredAt: (opts.occurredAt ?? new Date()).toISOString(),
    userId: ids.userId,
    sessionId: ids.sessionId ?? null,
    projectId: ids.projectId ?? null,
    queryId: ids.queryId ?? null,
    correlationId: ids.correlationId,
    data,
  };
  return validate(envelope) as DomainEvent<T>;
}

/**
 * Serialises an event built by makeEvent (which validated it) or read by decodeEvent; not checked again. A Buffer
 * (a Uint8Array): Node takes small strings from its pool, where TextEncoder allocates a fresh buffer each time.
 */
export function encodeEvent(event: DomainEvent): Uint8Array {
  return Buffer.from(JSON.stringify(event), 'utf8');
}
const decoder = new TextDecoder();

/**
 * Parses bytes from the stream; throws EventValidationError with the reason when they are not a valid event,
 * EventFromNewerCodeError when newer code wrote them, EventUpcastError when an upcaster fails.
 */
export function decodeEvent(bytes: Uint8Array): DomainEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(bytes));
  } catch (err) {
    throw new EventValidationError(`not JSON: ${(err as Error).message}`);
  }
  return upcast(validate(raw));
}

// zod's compiled parsers: the same schemas and the same checks, about five times faster on a valid event (the
// envelope was most of a completion's validation cost, docs/performance.md). A value that fails the fast path is
// parsed again by zod's general parser, so errors read as before; a schema it cannot compile keeps that parser.
const envelopeParser = z.compile(EnvelopeSchema);
const dataParsers = new WeakMap<z.ZodType, z.ZodType>();

function dataParserOf(schema: z.ZodType): z.ZodType {
  let parser = dataParsers.get(schema);
  if (!parser) dataParsers.set(schema, (parser = z.compile(schema)));
  return parser;
}

function validate(raw: unknown): DomainEvent {
  const env = envelopeParser.safeParse(raw);
  if (!env.success) throw new EventValidationError(`bad envelope: ${env.error.message}`);
  const e: Envelope = env.data;
  if (!isEventType(e.type)) throw new EventFromNewerCodeError(e.type, e.version);
  const entry = catalogEntry(e.type);
  if (e.version > entry.latest) throw new EventFromNewerCodeError(e.type, e.version);
  const schema = entry.versions[e.version];
  if (!schema) throw new EventValidationError(`unknown version ${e.version} of ${e.type}`);
  for (const key of entry.requires) {
    if (e[key] === null) throw new EventValidationError(`${e.type} needs ${key}`);
  }
  const data = dataParserOf(schema).safeParse(e.data);
  if (!data.success)
    throw new EventValidationError(`bad ${e.type} v${e.version} data: ${data.error.message}`);
  return { ...e, data: data.data } as DomainEvent;
}

/** Lifts a valid event to the latest version; a failure here is the code's (an upcaster), never the event's. */
function upcast(event: DomainEvent): DomainEvent {
  const entry = catalogEntry(event.type);
  let { version } = event;
  let data: unknown = event.data;
  try {
    while (version < entry.latest) {
      const up = entry.upcasters[version];
      if (!up) throw new Error(`no upcaster from v${version}`);
      data = up(data);
      version += 1;
    }
    return version === event.version ? event : validate({ ...event, version, data });
  } catch (err) {
    throw new EventUpcastError(event.type, event.version, err);
  }
}
