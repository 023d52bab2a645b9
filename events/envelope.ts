// The one envelope every event travels in. `id` is a UUID v7 and doubles as the JetStream Nats-Msg-Id,
// so a retried append is deduplicated by the server. The envelope only ever grows by optional fields, and a
// reader keeps the fields it does not know, so events from newer writers still decode (docs/events.md).
import { z } from 'zod';

/** Dot-separated lowercase words, no underscores: the subject token (dots → underscores) maps back. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$/;

const envelopeFields = {
  id: z.uuid(),
  type: z.string().regex(EVENT_TYPE_PATTERN),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  userId: z.uuid().nullable(),
  sessionId: z.uuid().nullable(),
  projectId: z.uuid().nullable(),
  queryId: z.uuid().nullable(),
  /** Ties together the events that one request caused (the request id). */
  correlationId: z.string().min(1).max(100),
  data: z.unknown(),
};

/** Accepts and keeps unknown (newer) envelope fields. */
export const EnvelopeSchema = z.looseObject(envelopeFields);

/** The fields this code knows; an envelope read from the stream may carry more, kept as they are. */
export type Envelope = z.infer<z.ZodObject<typeof envelopeFields>>;

/** An envelope whose `data` has been validated against its type's schema. */
export type TypedEnvelope<T> = Omit<Envelope, 'data'> & { data: T };
