// Why a batch was not applied (in full). ApplyFailedError names the message whose projector failed; a
// BatchStoppedError says the batch was committed up to a message and stopped before it, which is retried.
import type { EventFromNewerCodeError } from '../../events/index.js';
import type { BatchOutcome, StreamMessage } from './batch-outcome.js';

/** The SQLSTATE and constraint of a PostgreSQL error (pg's DatabaseError); undefined for other errors. */
export function pgErrorFields(err: unknown): { sqlstate?: string; constraint?: string } {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  const sqlstate = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  const constraint = typeof e?.constraint === 'string' ? e.constraint : undefined;
  return { sqlstate, constraint };
}

/** A projector threw (the database refused a statement, a bug) while applying one message. */
export class ApplyFailedError extends Error {
  readonly code = 'apply_failed' as const;
  readonly sqlstate: string | undefined;
  readonly constraint: string | undefined;
  constructor(
    readonly seq: number,
    readonly subject: string,
    readonly type: string,
    override readonly cause: unknown,
  ) {
    const { sqlstate, constraint } = pgErrorFields(cause);
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`applying ${type} at stream seq ${seq} failed: ${sqlstate ? `${sqlstate}: ` : ''}${why}`);
    this.name = 'ApplyFailedError';
    this.sqlstate = sqlstate;
    this.constraint = constraint;
  }
}

/**
 * The batch was committed up to `checkpoint` and stopped before the message at `seq`: nothing from it on
 * was applied or dead-lettered. `outcome` counts what was committed.
 */
export abstract class BatchStoppedError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly seq: number,
    readonly subject: string,
    /** The event type the message says it is, when that can be read. */
    readonly type: string | undefined,
    readonly outcome: BatchOutcome,
    readonly checkpoint: number,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/** A message of a type or version this code does not know yet: the read model waits for newer code. */
export class WaitingForNewerCodeError extends BatchStoppedError {
  readonly code = 'waiting_for_newer_code' as const;
  readonly version: number;
  constructor(at: StreamMessage, cause: EventFromNewerCodeError, outcome: BatchOutcome, checkpoint: number) {
    super(
      `stream seq ${at.seq}: ${cause.message}`,
      at.seq,
      at.subject,
      cause.type,
      outcome,
      checkpoint,
      cause,
    );
    this.name = 'WaitingForNewerCodeError';
    this.version = cause.version;
  }
}

/** The decoder threw something other than a validation error (e.g. an upcaster's bug): the code's fault. */
export class DecodeFailedError extends BatchStoppedError {
  readonly code = 'decode_failed' as const;
  constructor(at: StreamMessage, cause: unknown, outcome: BatchOutcome, checkpoint: number) {
    const type = peekType(at.data);
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `decoding stream seq ${at.seq} (${type ?? at.subject}) failed: ${why}`,
      at.seq,
      at.subject,
      type,
      outcome,
      checkpoint,
      cause,
    );
    this.name = 'DecodeFailedError';
  }
}

/** The `type` of a message's JSON, for saying what could not be decoded. */
function peekType(data: Uint8Array): string | undefined {
  try {
    const raw = JSON.parse(new TextDecoder().decode(data)) as { type?: unknown } | null;
    return typeof raw?.type === 'string' ? raw.type : undefined;
  } catch {
    return undefined;
  }
}
