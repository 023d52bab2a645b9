// Everything a route needs, built by the entry point (src/api/server.ts) or by a test.
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db.js';
import type { Redis } from '../platform/redis.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { InferenceClient } from '../bus/inference-client.js';
import type { ModelRegistry } from '../inference/model-registry.js';
import type { LiveContextStore } from '../context/live-context-store.js';
import type { PurgeUserEvents } from '../accounts/purge-user-events.js';
import type { GoogleTokenVerifier } from '../auth/google-id-token.js';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { DownloadSlots } from '../datasets/index.js';
import type { ChangeFeed } from '../analytics/change-feed.js';
import type { Observability } from '../observability/index.js';

export interface ApiDeps {
  config: Config;
  db: Db;
  redis: Redis;
  publisher: EventPublisher;
  inference: InferenceClient;
  registry: ModelRegistry;
  contextStore: LiveContextStore;
  clock: Clock;
  logger: Logger;
  /** Removes a user's events from the stream (DELETE /api/user/delete); without it erasure answers 503. */
  purgeUserEvents?: PurgeUserEvents;
  /**
   * The publisher under `publisher` when that one is fenced (src/bus/fenced-publisher.ts): the erasure job
   * appends its own events through it. Without it the job uses `publisher`.
   */
  erasurePublisher?: EventPublisher;
  /** Checks Google ID tokens; by default Google's keys with config.googleClientIds as audience. */
  googleVerifier?: GoogleTokenVerifier;
  /** Largest encoded event the NATS server takes (maxEventBytesOf); NATS' default 1 MiB when absent. */
  maxEventBytes?: number;
  /**
   * The event stream (config.streamName): the events dataset reads it and every dataset download checks its
   * pin against its end; without it GET /api/datasets/{name} answers 503.
   */
  jetstream?: { js: JetStreamClient; jsm: JetStreamManager };
  /** The cap on concurrent dataset downloads; by default config.datasetMaxDownloads for this app. */
  datasetSlots?: DownloadSlots;
  /** The analytics read model's commits (GET /api/analytics/live); without it the live stream answers 503. */
  analyticsChanges?: ChangeFeed;
  /** The process's metrics registry and readiness checks (/metrics, /health/ready); the app makes its own without. */
  observability?: Observability;
}
