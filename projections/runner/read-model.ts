// What a read model is to the runner: a name, the tables it owns, one pure projector per event type it
// handles, and the constraint violations that are the event's fault. Projectors run inside the runner's
// transaction and must be idempotent (ON CONFLICT, upserts); they write the event's stream sequence into the
// rows they create and change (docs/data-dictionary.md, "As of a stream sequence").
import type { Transaction } from 'kysely';
import type { DomainEvent, EventType } from '../../events/index.js';
import type { Database } from '../../src/platform/db-schema.js';

export type Trx = Transaction<Database>;

/** `seq` is the event's stream sequence, recorded in the rows it creates or changes. */
export type Projector<T extends EventType> = (trx: Trx, event: DomainEvent<T>, seq: number) => Promise<void>;

export type Projectors = { [T in EventType]?: Projector<T> };

export interface ReadModel {
  /** Lowercase name; the consumer is `proj_<name>` and the checkpoint row is keyed by it. */
  name: string;
  /** Every table this read model owns (truncated together on rebuild). */
  tables: readonly (keyof Database)[];
  projectors: Projectors;
  /**
   * The database errors that mean the event cannot be used (it is dead-lettered); every other database
   * error is the code's fault (a bad migration, a projector bug): the batch is retried, never dead-lettered.
   */
  eventFaults?: readonly EventFault[];
  /** A fast fold for rebuilds into empty tables (projections/rebuild); without one they use the projectors. */
  createBulkFold?: () => BulkFold;
}

/** A constraint violation caused by the event itself, matched on the error's SQLSTATE and constraint name. */
export interface EventFault {
  /** e.g. '23503' (foreign key violation), '23514' (check violation). */
  sqlstate: string;
  constraint: string;
  /** Why the event is at fault, put in the dead letter's reason. */
  reason: string;
}

/** An in-memory fold of a read model for rebuilding empty tables fast. */
export interface BulkFold {
  /** Folds the next event, in stream order; returns a dead-letter reason for an event the read model cannot use, else null. */
  add(event: DomainEvent, seq: number): string | null;
  /** Writes what was folded into the empty tables that `client`'s search_path reaches (COPY); returns the rows written. */
  write(client: import('pg').ClientBase): Promise<number>;
}

/** A projector refusing an event it cannot use; the event goes to the dead-letter table with this reason. */
export class ProjectionRejectedError extends Error {
  readonly code = 'projection_rejected' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ProjectionRejectedError';
  }
}

/** Applies the event (at stream sequence `seq`) when the read model handles its type; returns whether it did. */
export async function projectEvent(
  trx: Trx,
  readModel: ReadModel,
  event: DomainEvent,
  seq: number,
): Promise<boolean> {
  const projector = readModel.projectors[event.type] as Projector<EventType> | undefined;
  if (!projector) return false;
  await projector(trx, event, seq);
  return true;
}

/** The envelope ids a type requires are checked by decodeEvent; this narrows them for projectors. */
export function required(value: string | null, name: string): string {
  if (value === null) throw new ProjectionRejectedError(`event lacks ${name}`);
  return value;
}
