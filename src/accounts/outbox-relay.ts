// The outbox relay: appends the account events that a crash (or a failed append) left in the outbox after
// their change committed, at start and then periodically. Several API processes run one each: a batch is
// relayed under a transaction-scoped advisory lock (one relay at a time, so the stream keeps the outbox's
// order; a relay that finds it taken ends its pass), its rows locked FOR UPDATE SKIP LOCKED (a row whose
// request is deleting it right now is skipped) and deleted in the same transaction once JetStream acknowledged
// them. A crash after the ack but before the commit appends a row again later: its event id is the
// Nats-Msg-Id, so JetStream drops that repeat within its dedupe window.
import { sql } from 'kysely';
import { decodeEvent, type DomainEvent } from '../../events/index.js';
import type { AccountTrx, OutboxDeps } from './account-outbox.js';
import { createPeriodicTask, type PeriodicTask } from './periodic-task.js';

export interface RelayOptions {
  /** Rows younger than this belong to a request still running (it appends and deletes them itself). */
  graceMs?: number;
  batchSize?: number;
  /** Only this user's rows (erasure relays them before user.erased). */
  userId?: string;
}

export interface OutboxRelayOptions extends RelayOptions {
  intervalMs?: number;
}

export const DEFAULT_RELAY_INTERVAL_MS = 10_000;
export const DEFAULT_RELAY_GRACE_MS = 5_000;
const RELAY_LOCK = 'c4m:account_outbox';

export function createOutboxRelay(deps: OutboxDeps, opts: OutboxRelayOptions = {}): PeriodicTask {
  const logger = deps.logger.child({ task: 'outbox-relay' });
  return createPeriodicTask(
    'outbox relay',
    opts.intervalMs ?? DEFAULT_RELAY_INTERVAL_MS,
    async () => {
      const relayed = await relayOutbox({ ...deps, logger }, opts);
      if (relayed > 0) logger.warn({ relayed }, 'appended account events left in the outbox');
    },
    logger,
  );
}

/** Appends every outbox row older than the grace period, oldest first; returns how many it appended. */
export async function relayOutbox(deps: OutboxDeps, opts: RelayOptions = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 100;
  let total = 0;
  for (;;) {
    const { appended, failure } = await deps.db
      .transaction()
      .execute((trx) => relayBatch(trx, deps, { ...opts, batchSize }));
    total += appended;
    if (failure !== undefined) throw failure;
    if (appended < batchSize) return total;
  }
}

async function relayBatch(
  trx: AccountTrx,
  deps: OutboxDeps,
  opts: RelayOptions & { batchSize: number },
): Promise<{ appended: number; failure?: Error }> {
  if (!(await lockRelay(trx, opts.userId !== undefined))) return { appended: 0 };
  const graceS = (opts.graceMs ?? DEFAULT_RELAY_GRACE_MS) / 1000;
  let query = trx
    .selectFrom('account_outbox')
    .select(['event_id', 'payload'])
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${graceS})`)
    .orderBy('position')
    .limit(opts.batchSize)
    .forUpdate()
    .skipLocked();
  if (opts.userId !== undefined) query = query.where('user_id', '=', opts.userId);
  const done: string[] = [];
  let failure: Error | undefined;
  for (const row of await query.execute()) {
    const event = decodeRow(deps, row.event_id, row.payload);
    if (!event) continue;
    try {
      await deps.publisher.append(event);
    } catch (err) {
      // Stop at the first failure so the rows after it keep their order; the appended ones are deleted.
      failure = err instanceof Error ? err : new Error('append failed', { cause: err });
      break;
    }
    done.push(row.event_id);
  }
  if (done.length > 0) await trx.deleteFrom('account_outbox').where('event_id', 'in', done).execute();
  return { appended: done.length, failure };
}

/** Erasure waits for a relay in progress (its user's rows must be in the log first); a periodic pass does not. */
async function lockRelay(trx: AccountTrx, wait: boolean): Promise<boolean> {
  if (wait) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${RELAY_LOCK}))`.execute(trx);
    return true;
  }
  const { rows } = await sql<{
    locked: boolean;
  }>`SELECT pg_try_advisory_xact_lock(hashtext(${RELAY_LOCK})) AS locked`.execute(trx);
  return rows[0]?.locked === true;
}

/** A row this code cannot read (written by a newer version) stays for a process that can. */
function decodeRow(deps: OutboxDeps, eventId: string, payload: Buffer): DomainEvent | undefined {
  try {
    return decodeEvent(payload);
  } catch (err) {
    deps.logger.warn({ err, eventId }, 'outbox row left for newer code');
    return undefined;
  }
}
