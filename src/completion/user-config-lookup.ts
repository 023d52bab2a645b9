// The user's config id (the unit of A/B testing) recorded with every completion. Read from PostgreSQL through a
// small in-process cache, so the completion path makes no database round trip per request: a change of a
// user's config is recorded from at most `ttlMs` later. Failed reads are not cached; a failed reload keeps the
// value it would have replaced.
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db.js';

export interface UserConfigLookup {
  /** The user's config id; null when the user no longer exists. */
  configIdOf(userId: string): Promise<number | null>;
}

export interface UserConfigLookupOptions {
  ttlMs?: number;
  maxEntries?: number;
}

export const USER_CONFIG_TTL_MS = 30_000;

export function createUserConfigLookup(
  db: Db,
  clock: Clock,
  opts: UserConfigLookupOptions = {},
): UserConfigLookup {
  const ttlMs = opts.ttlMs ?? USER_CONFIG_TTL_MS;
  const maxEntries = opts.maxEntries ?? 50_000;
  const cache = new Map<string, { at: number; value: Promise<number | null> }>();
  return {
    configIdOf(userId) {
      const hit = cache.get(userId);
      if (hit && clock.monotonicMs() - hit.at < ttlMs) return hit.value;
      // A reload that fails (PostgreSQL down or restarting) answers what was read before, so that completions
      // go on being served through an outage (docs/operations.md, Faults and recovery).
      const load = loadConfigId(db, userId);
      const entry = { at: clock.monotonicMs(), value: hit ? load.catch(() => hit.value) : load };
      cache.delete(userId);
      cache.set(userId, entry);
      void entry.value.catch(() => {
        if (cache.get(userId) === entry) cache.delete(userId);
      });
      // A Map iterates in insertion order: the first key is the oldest entry.
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      return entry.value;
    },
  };
}

async function loadConfigId(db: Db, userId: string): Promise<number | null> {
  const row = await db
    .selectFrom('user')
    .select('config_id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? Number(row.config_id) : null;
}
