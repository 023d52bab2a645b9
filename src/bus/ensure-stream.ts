// Creates (or updates) the event stream: file storage, kept forever, with a dedupe window so that a
// retried append of the same event id is stored once.
import { RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { allEventsFilter } from '../../events/index.js';

export const DEDUPE_WINDOW_NS = 10 * 60 * 1_000_000_000; // 10 minutes

export async function ensureEventStream(
  jsm: JetStreamManager,
  streamName: string,
  prefix: string,
): Promise<void> {
  const config = {
    name: streamName,
    subjects: [allEventsFilter(prefix)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: DEDUPE_WINDOW_NS,
    max_age: 0,
    // Erasing a user purges their subjects; research data is otherwise never deleted.
    deny_delete: false,
    deny_purge: false,
    allow_rollup_hdrs: false,
  };
  try {
    const info = await jsm.streams.info(streamName);
    if (info.config.duplicate_window !== DEDUPE_WINDOW_NS) {
      await jsm.streams.update(streamName, { ...info.config, duplicate_window: DEDUPE_WINDOW_NS });
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(config);
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && /not found/i.test(err.message);
}
