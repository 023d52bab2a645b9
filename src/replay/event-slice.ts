// Which events a replay takes: a slice of the stream by time, type, user, project and model, up to a pinned
// stream sequence. Parsed strictly from strings or values (the CLI's options, later an HTTP query) into one
// normal form, so two ways of writing the same slice describe it the same way.
import { z } from 'zod';
import { eventTypes, isEventType, type EventType } from '../../events/index.js';
import { InstantSchema, uuidSchema } from '../platform/filter-values.js';
import { InvalidEventSliceError } from './replay-errors.js';

/** A whole number written as digits (an option's text) or given as a number. */
function wholeNumber(what: string, min: number) {
  const message = `${what} must be a whole number of at least ${min}`;
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(/^\d{1,16}$/, message)
          .transform(Number),
      ],
      { error: message },
    )
    .pipe(z.number().int(message).min(min, message).max(Number.MAX_SAFE_INTEGER, message));
}

const EventTypeNameSchema = z.string().refine(isEventType, {
  error: (issue) => `unknown event type '${String(issue.input)}' (one of ${eventTypes.join(', ')})`,
});

export const EventSliceSchema = z
  .object({
    /** Events whose envelope `occurredAt` is at or after this instant. */
    from: InstantSchema.optional(),
    /** Events whose envelope `occurredAt` is before this instant (exclusive). */
    to: InstantSchema.optional(),
    /** Event type names as in events/catalog.ts; any of them. */
    types: z.array(EventTypeNameSchema).optional(),
    userId: uuidSchema('the user id').optional(),
    projectId: uuidSchema('the project id').optional(),
    /** Events that name this model (see modelIdsOf). */
    modelId: wholeNumber('the model id', 0).optional(),
    /** The last stream sequence to read (the pin); by default the stream's last sequence at the start. */
    untilSeq: wholeNumber('the sequence to replay until', 0).optional(),
  })
  .strict()
  .refine((s) => !s.from || !s.to || s.from < s.to, {
    error: 'the time range is empty: from must be before to',
  })
  .transform((s): EventSlice => ({
    from: s.from ?? null,
    to: s.to ?? null,
    types: s.types && s.types.length > 0 ? [...new Set(s.types)].sort() : null,
    userId: s.userId ?? null,
    projectId: s.projectId ?? null,
    modelId: s.modelId ?? null,
    untilSeq: s.untilSeq ?? null,
  }));

/** The normal form: null where the slice does not filter; `types` sorted and without repeats. */
export interface EventSlice {
  from: Date | null;
  to: Date | null;
  types: EventType[] | null;
  userId: string | null;
  projectId: string | null;
  modelId: number | null;
  untilSeq: number | null;
}

export type EventSliceInput = z.input<typeof EventSliceSchema>;

/** The slice of `input`, or InvalidEventSliceError with every problem of it in one message. */
export function parseEventSlice(input: unknown): EventSlice {
  const parsed = EventSliceSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  // The time options' messages do not name their option; every other message names what it is about.
  const problems = parsed.error.issues.map((i) =>
    i.path[0] === 'from' || i.path[0] === 'to' ? `${i.path[0]}: ${i.message}` : i.message,
  );
  throw new InvalidEventSliceError([...new Set(problems)].join('; '));
}

/** The slice's filters as canonical JSON (no pin): what an output's metadata says it holds. */
export function describeSlice(slice: EventSlice): string {
  return JSON.stringify({
    from: slice.from?.toISOString() ?? null,
    to: slice.to?.toISOString() ?? null,
    types: slice.types,
    userId: slice.userId,
    projectId: slice.projectId,
    modelId: slice.modelId,
  });
}
