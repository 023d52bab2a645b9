// A compact record of each completion query, written to Redis before the plugin gets its answer, so that
// feedback and GET right after a completion never depend on the projections having caught up (the Python
// server's B3). Older queries fall back to the research tables (meta_query, had_generation).
import { sql } from 'kysely';
import type { Db } from '../platform/db.js';
import type { Redis } from '../platform/redis.js';
import type { ModelRegistry } from '../inference/model-registry.js';
import { saveUserRecord } from '../platform/user-records.js';
import { NO_CONFIDENCE_FOR_PLUGIN } from './completion-events.js';

export interface QueryCompletion {
  modelId: number;
  modelName: string;
  completion: string;
  generationTime: number;
  /** As sent to the plugin (a number even when the model reported no confidence). */
  confidence: number;
}

export interface QueryRecord {
  queryId: string;
  userId: string;
  sessionId: string;
  projectId: string;
  createdAt: string;
  /** Only the models that produced a completion (failed ones were never shown). */
  completions: QueryCompletion[];
}

export const QUERY_RECORD_TTL_S = 7 * 24 * 3600;

const keyOf = (queryId: string) => `query:${queryId.toLowerCase()}`;

export async function saveQueryRecord(
  redis: Redis,
  record: QueryRecord,
  ttlS = QUERY_RECORD_TTL_S,
): Promise<void> {
  // Listed under the user, so an erasure deletes it (src/accounts/erase-user.ts).
  await saveUserRecord(redis, record.userId, keyOf(record.queryId), JSON.stringify(record), ttlS);
}

export async function loadQueryRecord(
  deps: { redis: Redis; db: Db; registry: ModelRegistry },
  queryId: string,
): Promise<QueryRecord | null> {
  const cached = await deps.redis.get(keyOf(queryId));
  if (cached) return JSON.parse(cached) as QueryRecord;
  return loadFromTables(deps.db, deps.registry, queryId.toLowerCase());
}

async function loadFromTables(db: Db, registry: ModelRegistry, queryId: string): Promise<QueryRecord | null> {
  try {
    const query = await db
      .selectFrom('meta_query')
      .select(['user_id', 'session_id', 'project_id', 'timestamp'])
      .where('meta_query_id', '=', queryId)
      .where('query_type', '=', 'completion')
      .executeTakeFirst();
    if (!query || !query.user_id) return null;
    const rows = await db
      .selectFrom('had_generation')
      .select(['model_id', 'completion', 'generation_time', 'confidence'])
      .where('meta_query_id', '=', queryId)
      // A generation the plugin was never shown (the answer failed) has no shown time.
      .where(sql<boolean>`cardinality(shown_at) > 0`)
      .orderBy('model_id')
      .execute();
    return {
      queryId,
      userId: query.user_id,
      sessionId: query.session_id,
      projectId: query.project_id,
      createdAt: new Date(query.timestamp).toISOString(),
      completions: rows.map((r) => ({
        modelId: r.model_id,
        modelName: registry.models.find((m) => m.id === r.model_id)?.name ?? `model ${r.model_id}`,
        completion: r.completion,
        generationTime: r.generation_time,
        confidence: r.confidence ?? NO_CONFIDENCE_FOR_PLUGIN,
      })),
    };
  } catch (err) {
    // The research tables are created by the projections' migration; without them there is nothing older.
    if ((err as { code?: string }).code === '42P01') return null;
    throw err;
  }
}
