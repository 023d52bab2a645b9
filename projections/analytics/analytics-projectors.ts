// The analytics read model's projectors: each reads its query's state, applies the event's transition
// (analytics-state.ts) and writes what changed, records and aggregates, in the runner's transaction.
// A redelivered event changes nothing (the transitions see it was applied), so they are idempotent.
import type { DomainEvent, EventType } from '../../events/index.js';
import { required, type Projector, type Projectors, type Trx } from '../runner/index.js';
import {
  applyFeedback,
  applyGenerated,
  applyRequested,
  applyShown,
  type QueryState,
} from './analytics-state.js';
import { loadQueryState, saveQueryState } from './analytics-store.js';

type Transition<T extends EventType> = (s: QueryState, e: DomainEvent<T>, seq: number) => QueryState;

function queryProjector<T extends EventType>(transition: Transition<T>): Projector<T> {
  return async (trx: Trx, event: DomainEvent<T>, seq: number) => {
    const before = await loadQueryState(trx, required(event.queryId, 'queryId').toLowerCase());
    await saveQueryState(trx, before, transition(before, event, seq), seq);
  };
}

/** user.erased with deleteData: every row of the user, facts and aggregates. */
async function projectUserErased(trx: Trx, event: DomainEvent<'user.erased'>): Promise<void> {
  if (!event.data.deleteData) return;
  const user = required(event.userId, 'userId').toLowerCase();
  for (const table of ANALYTICS_TABLES) await trx.deleteFrom(table).where('user_id', '=', user).execute();
}

export const ANALYTICS_TABLES = [
  'analytics_request',
  'analytics_generation',
  'analytics_hourly',
  'analytics_hourly_bins',
  'analytics_hourly_pairs',
] as const;

export const analyticsProjectors: Projectors = {
  'completion.requested': queryProjector(applyRequested),
  'completion.generated': queryProjector(applyGenerated),
  'completion.shown': queryProjector(applyShown),
  'completion.feedback': queryProjector(applyFeedback),
  'user.erased': projectUserErased,
};
