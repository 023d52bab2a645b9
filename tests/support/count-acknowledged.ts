// Counts what a plugin load got acknowledged (tests/support/plugin-load.ts) against the event stream and the
// tables: every 2xx answer's event exactly once in the stream and its row exactly once in its table. Returns
// one line per discrepancy, so a test expects [] and a failure says which id is missing or doubled.
import { sql } from 'kysely';
import type { DomainEvent } from '../../events/index.js';
import type { Db } from '../../src/platform/db.js';
import type { Nats } from '../../src/platform/nats.js';
import type { Acknowledged } from './plugin-load.js';
import { readStreamEvents } from './read-stream-events.js';

export interface AcknowledgedCount {
  /** How many acknowledged ids of each kind were counted. */
  counted: Record<'users' | 'sessions' | 'queries' | 'shown' | 'feedback', number>;
  discrepancies: string[];
}

export async function countAcknowledged(
  nats: Nats,
  streamName: string,
  db: Db,
  acked: Acknowledged,
): Promise<AcknowledgedCount> {
  const events = await readStreamEvents(nats, streamName);
  const discrepancies: string[] = [];
  const expectOnce = (what: string, ids: Iterable<string>, found: Map<string, number>) => {
    for (const id of ids) {
      const n = found.get(id) ?? 0;
      if (n !== 1) discrepancies.push(`${what} ${id}: ${n} times, not once`);
    }
  };
  const shown = [...acked.queries].flatMap(([q, models]) => models.map((m) => `${q}/${m}`));

  expectOnce(
    'user.registered',
    acked.users,
    tally(events, 'user.registered', (e) => e.userId),
  );
  expectOnce(
    'session.started',
    acked.sessions,
    tally(events, 'session.started', (e) => e.sessionId),
  );
  expectOnce(
    'completion.requested',
    acked.queries.keys(),
    tally(events, 'completion.requested', (e) => e.queryId),
  );
  expectOnce(
    'completion.shown',
    [...acked.queries].filter(([, models]) => models.length > 0).map(([q]) => q),
    tally(events, 'completion.shown', (e) => e.queryId),
  );
  expectOnce(
    'completion.feedback',
    acked.feedback,
    tally(events, 'completion.feedback', (e) => e.queryId),
  );

  expectOnce('user row', acked.users, await rowCounts(db, 'user', 'user_id', [...acked.users]));
  expectOnce(
    'session row',
    acked.sessions,
    await rowCounts(db, 'session', 'session_id', [...acked.sessions]),
  );
  const queryIds = [...acked.queries.keys()];
  expectOnce('meta_query row', queryIds, await rowCounts(db, 'meta_query', 'meta_query_id', queryIds));
  expectOnce('had_generation row', shown, await generationCounts(db, queryIds));
  expectOnce(
    'feedback row',
    acked.feedback,
    await rowCounts(db, 'feedback', 'meta_query_id', [...acked.feedback]),
  );

  return {
    counted: {
      users: acked.users.size,
      sessions: acked.sessions.size,
      queries: acked.queries.size,
      shown: shown.length,
      feedback: acked.feedback.size,
    },
    discrepancies,
  };
}

function tally(
  events: DomainEvent[],
  type: DomainEvent['type'],
  key: (e: DomainEvent) => string | null | undefined,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) {
    const k = e.type === type ? key(e) : undefined;
    if (k != null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

async function rowCounts(
  db: Db,
  table: 'user' | 'session' | 'meta_query' | 'feedback',
  column: string,
  ids: string[],
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: string; n: number }>`
    SELECT ${sql.ref(column)}::text AS id, count(*)::int AS n FROM ${sql.table(table)}
    WHERE ${sql.ref(column)}::text = ANY(${ids}) GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.id, r.n]));
}

async function generationCounts(db: Db, queryIds: string[]): Promise<Map<string, number>> {
  if (queryIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; n: number }>`
    SELECT meta_query_id::text || '/' || model_id AS id, count(*)::int AS n FROM had_generation
    WHERE meta_query_id::text = ANY(${queryIds}) GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.id, r.n]));
}
