// Startup step (api role): the config table and the lookup tables go into the log as snapshots,
// config.published and reference.published, each appended only when its content differs from the last one in
// the stream. Config 1 and the model names are rewritten at every start; hand-made rows (study arms) are
// published at the next start. A dataset names the reference version it used by the snapshot's stream sequence.
import { sql } from 'kysely';
import { makeEvent, type EventDataMap } from '../../events/index.js';
import type { Db } from '../platform/db.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { FindLastPublished } from './last-published.js';
import {
  contentHash,
  loadConfigSnapshot,
  loadReferenceSnapshot,
  type ConfigSnapshot,
  type ReferenceSnapshot,
} from './reference-snapshots.js';

export interface ReferenceDeps {
  db: Db;
  publisher: EventPublisher;
  findLastPublished: FindLastPublished;
}

export interface ReferenceVersion {
  /** Stream sequence of the snapshot now in force. */
  seq: number;
  contentHash: string;
  /** False when the last snapshot in the stream already had this content. */
  published: boolean;
}

type SnapshotType = 'config.published' | 'reference.published';

export async function publishReferenceData(
  deps: ReferenceDeps,
  correlationId = 'startup',
): Promise<Record<SnapshotType, ReferenceVersion>> {
  return {
    'config.published': await publishIfChanged(deps, 'config.published', loadConfigSnapshot, correlationId),
    'reference.published': await publishIfChanged(
      deps,
      'reference.published',
      loadReferenceSnapshot,
      correlationId,
    ),
  };
}

/**
 * Compares and appends under a transaction-scoped advisory lock, so API processes starting together append
 * one snapshot, not one each.
 */
async function publishIfChanged<T extends SnapshotType>(
  deps: ReferenceDeps,
  type: T,
  load: (db: Db) => Promise<ConfigSnapshot | ReferenceSnapshot>,
  correlationId: string,
): Promise<ReferenceVersion> {
  return deps.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`c4m:${type}`}))`.execute(trx);
    const snapshot = await load(trx);
    const hash = contentHash(snapshot);
    const last = await deps.findLastPublished(type);
    if (last?.contentHash === hash) return { seq: last.seq, contentHash: hash, published: false };
    const data = { ...snapshot, contentHash: hash } as EventDataMap[T];
    const { seq } = await deps.publisher.append(makeEvent(type, { userId: null, correlationId }, data));
    return { seq, contentHash: hash, published: true };
  });
}
