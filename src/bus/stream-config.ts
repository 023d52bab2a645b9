// The event stream's desired configuration: file storage, limits retention with no limit at all, so a fact is
// deleted only by erasing its user. docs/operations.md says what each setting guarantees.
import { DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { allEventsFilter } from '../../events/index.js';

export const DEDUPE_WINDOW_NS = 10 * 60 * 1_000_000_000; // 10 minutes

/**
 * The largest event the stream takes: nats.conf's `max_payload: 8MB` (NATS counts MB as 1024²). Context updates
 * carry whole files (C4M_BODY_LIMIT_BYTES, 4 MiB by default); a server with a lower max_payload refuses them first.
 */
export const MAX_EVENT_BYTES = 8 * 1024 * 1024;

export interface StreamSettings {
  name: string;
  /** Subject prefix: the stream takes `<prefix>.evt.>`. */
  prefix: string;
  /** Copies of each event: 1 on a single server, 3 in a cluster (C4M_STREAM_REPLICAS). */
  replicas: number;
}

/** The fields ensureEventStream sets on a new stream and reconciles (or refuses) on an existing one. */
export type DesiredStreamConfig = Pick<
  StreamConfig,
  | 'name'
  | 'subjects'
  | 'storage'
  | 'retention'
  | 'max_msgs'
  | 'max_bytes'
  | 'max_age'
  | 'max_msgs_per_subject'
  | 'max_msg_size'
  | 'discard'
  | 'duplicate_window'
  | 'num_replicas'
  | 'allow_direct'
  | 'allow_rollup_hdrs'
  | 'deny_delete'
  | 'deny_purge'
>;

export function desiredStreamConfig(s: StreamSettings): DesiredStreamConfig {
  return {
    name: s.name,
    subjects: [allEventsFilter(s.prefix)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    // No limit of any kind: research data is kept until a user is erased.
    max_msgs: -1,
    max_bytes: -1,
    max_age: 0,
    max_msgs_per_subject: -1,
    max_msg_size: MAX_EVENT_BYTES,
    // Should a limit ever be set, refuse new events (the API answers 500) rather than delete the oldest.
    discard: DiscardPolicy.New,
    duplicate_window: DEDUPE_WINDOW_NS,
    num_replicas: s.replicas,
    // Lets readers fetch one event by sequence from any replica without a consumer.
    allow_direct: true,
    // A rollup header would delete every earlier event of its subject.
    allow_rollup_hdrs: false,
    // Erasing a user purges their subjects.
    deny_delete: false,
    deny_purge: false,
  };
}
