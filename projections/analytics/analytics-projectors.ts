// The analytics read model's projectors: each reads its query's state, applies the event's transition
// (analytics-state.ts) and writes what changed, records and aggregates, in the runner's transaction.
// A redelivered event changes nothing (the transitions see it was applied), so they are idempotent.
import { sql } from 'kysely';
import type { DomainEvent, EventType } from '../../events/index.js';
import { required, type Projector, type Projectors, type Trx } from '../runner/index.js';
import {
  applyFeedback,
  applyGenerated,
  applyRequested,
  applyShown,
  type QueryState,
} from './analytics-state.js';
import { AGGREGATE_TABLES, ROLLUPS_OF, type RollupTable } from './analytics-cells.js';
import { loadQueryState, saveQueryState } from './analytics-store.js';

type Transition<T extends EventType> = (s: QueryState, e: DomainEvent<T>, seq: number) => QueryState;

function queryProjector<T extends EventType>(transition: Transition<T>): Projector<T> {
  return async (trx: Trx, event: DomainEvent<T>, seq: number) => {
    const before = await loadQueryState(trx, required(event.queryId, 'queryId').toLowerCase());
    await saveQueryState(trx, before, transition(before, event, seq), seq);
  };
}

/**
 * user.erased with deleteData: the user's contribution is taken out of the daily rollups (the sums of their
 * hourly rows, which hold exactly what they added), then every row of the user is deleted.
 */
async function projectUserErased(trx: Trx, event: DomainEvent<'user.erased'>, seq: number): Promise<void> {
  if (!event.data.deleteData) return;
  const user = required(event.userId, 'userId').toLowerCase();
  for (const [hourly, rollups] of Object.entries(ROLLUPS_OF)) {
    for (const r of rollups.filter((r) => !r.perUser))
      await subtractUser(trx, hourly, r.table, r.grain, user, seq);
  }
  for (const table of USER_TABLES) await trx.deleteFrom(table).where('user_id', '=', user).execute();
}

/** rollup −= the user's hourly rows summed by the rollup's key; the rows it changes get `seq`. */
async function subtractUser(
  trx: Trx,
  hourly: string,
  rollup: RollupTable,
  grain: 'hour' | 'day',
  user: string,
  seq: number,
): Promise<void> {
  const { key, values } = AGGREGATE_TABLES[rollup];
  const dims = key.slice(1).map((c) => sql.id(c));
  const sums = values.map((v) => sql`sum(${sql.id(v)}) AS ${sql.id(v)}`);
  const changes = values.map((v) => sql`${sql.id(v)} = r.${sql.id(v)} - u.${sql.id(v)}`);
  const groups = key.map((_, i) => sql.lit(i + 1));
  const matches = key.map((c) => sql`r.${sql.id(c)} = u.${sql.id(c)}`);
  await sql`UPDATE ${sql.id(rollup)} AS r SET ${sql.join([...changes, sql`stream_seq = ${seq}`])}
    FROM (SELECT date_trunc(${grain}, bucket, 'UTC') AS bucket, ${sql.join(dims)}, ${sql.join(sums)}
          FROM ${sql.id(hourly)} WHERE user_id = ${user}::uuid GROUP BY ${sql.join(groups)}) u
    WHERE ${sql.join(matches, sql` AND `)}`.execute(trx);
}

const USER_TABLES = [
  'analytics_request',
  'analytics_generation',
  'analytics_hourly',
  'analytics_hourly_bins',
  'analytics_hourly_pairs',
  'analytics_user_daily',
  'analytics_user_daily_bins',
  'analytics_user_daily_pairs',
] as const;

export const ANALYTICS_TABLES = [
  ...USER_TABLES,
  'analytics_all_hourly',
  'analytics_all_hourly_bins',
  'analytics_all_hourly_pairs',
  'analytics_all_daily',
  'analytics_all_daily_bins',
  'analytics_all_daily_pairs',
] as const;

export const analyticsProjectors: Projectors = {
  'completion.requested': queryProjector(applyRequested),
  'completion.generated': queryProjector(applyGenerated),
  'completion.shown': queryProjector(applyShown),
  'completion.feedback': queryProjector(applyFeedback),
  'user.erased': projectUserErased,
};
