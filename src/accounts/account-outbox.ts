// The transactional outbox of account changes: the rows and the events that record them commit together;
// after the commit the events are appended (the caller answers only after JetStream acknowledged them) and
// their outbox rows deleted. A crash in between leaves rows that the relay (outbox-relay.ts) publishes, so the
// log never holds a change that did not commit and never misses one that did.
import type { Transaction } from 'kysely';
import { encodeEvent, type DomainEvent } from '../../events/index.js';
import type { Database } from '../platform/db-schema.js';
import type { Db } from '../platform/db.js';
import type { Logger } from '../platform/logger.js';
import type { EventPublisher } from '../bus/event-publisher.js';

export type AccountTrx = Transaction<Database>;

export interface AccountChange<T> {
  result: T;
  /** The events that record the change, in the order they are to be appended. */
  events: DomainEvent[];
}

export interface OutboxDeps {
  db: Db;
  publisher: EventPublisher;
  logger: Logger;
}

/**
 * Runs `write` in a transaction with its events stored in the outbox, then appends the events one after
 * the other (stream order = the order given) and forgets them. A failed append throws after the commit: the
 * change stands and the relay appends its events later.
 */
export async function commitWithEvents<T>(
  deps: OutboxDeps,
  write: (trx: AccountTrx) => Promise<AccountChange<T>>,
): Promise<T> {
  const { result, events } = await deps.db.transaction().execute(async (trx) => {
    const change = await write(trx);
    await insertOutboxRows(trx, change.events);
    return change;
  });
  if (events.length === 0) return result;
  for (const event of events) await deps.publisher.append(event);
  await deleteOutboxRows(
    deps.db,
    events.map((e) => e.id),
  ).catch((err: unknown) =>
    // The events are in the log; a row left here is appended again by the relay and deduplicated by its id.
    deps.logger.warn({ err }, 'outbox rows not deleted after their append'),
  );
  return result;
}

export async function insertOutboxRows(trx: AccountTrx, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('account_outbox')
    .values(events.map((e) => ({ event_id: e.id, user_id: e.userId, payload: Buffer.from(encodeEvent(e)) })))
    .execute();
}

export async function deleteOutboxRows(db: Db, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await db.deleteFrom('account_outbox').where('event_id', 'in', eventIds).execute();
}
