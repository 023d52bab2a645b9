// The one envelope every event travels in. `id` is a UUID v7 and doubles as the JetStream Nats-Msg-Id,
// so a retried append is deduplicated by the server.
import { z } from 'zod';

export const EnvelopeSchema = z
  .object({
    id: z.uuid(),
    type: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/),
    version: z.number().int().positive(),
    occurredAt: z.iso.datetime({ offset: true }),
    userId: z.uuid().nullable(),
    sessionId: z.uuid().nullable(),
    projectId: z.uuid().nullable(),
    queryId: z.uuid().nullable(),
    /** Ties together the events that one request caused (the request id). */
    correlationId: z.string().min(1).max(100),
    data: z.unknown(),
  })
  .strict();
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** An envelope whose `data` has been validated against its type's schema. */
export type TypedEnvelope<T> = Omit<Envelope, 'data'> & { data: T };
