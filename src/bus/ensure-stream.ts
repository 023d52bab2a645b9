// Creates the event stream with the desired configuration (stream-config.ts), or reconciles an existing one:
// differences that cannot remove an event are updated and logged, settings that could delete facts stop the start.
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type StreamInfo,
} from '@nats-io/jetstream';
import type { Logger } from '../platform/logger.js';
import { desiredStreamConfig, MAX_EVENT_BYTES, type DesiredStreamConfig } from './stream-config.js';
import { planStreamReconcile, type StreamConfigChange } from './stream-config-check.js';
import { StreamReplicasUnavailableError } from './stream-replicas-error.js';
import { UnsafeStreamConfigError } from './unsafe-stream-config-error.js';

export { DEDUPE_WINDOW_NS } from './stream-config.js';

export interface EnsureStreamOptions {
  /** Copies of each event (C4M_STREAM_REPLICAS); 1 unless given. */
  replicas?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** The server's max_payload (`nc.info.max_payload`): a warning when it is below MAX_EVENT_BYTES. */
  serverMaxPayload?: number;
}

export interface EnsureStreamResult {
  created: boolean;
  /** The settings that were updated in place (each also logged). */
  changes: StreamConfigChange[];
}

// JetStream's "stream name already in use": another process created the stream since we looked.
const STREAM_NAME_IN_USE = 10058;
// JetStream's "replicas > 1 not supported in non-clustered mode".
const REPLICAS_NOT_SUPPORTED = 10074;

/**
 * Throws UnsafeStreamConfigError when the stream could lose events, and StreamReplicasUnavailableError for more
 * than one replica outside a cluster; either way it changes nothing.
 */
export async function ensureEventStream(
  jsm: JetStreamManager,
  streamName: string,
  prefix: string,
  opts: EnsureStreamOptions = {},
): Promise<EnsureStreamResult> {
  const desired = desiredStreamConfig({ name: streamName, prefix, replicas: opts.replicas ?? 1 });
  const log = opts.logger;
  const current = await loadStreamInfo(jsm, streamName);
  const result =
    current === null
      ? await createStream(jsm, desired).catch(async (err: unknown) => {
          if (!(err instanceof JetStreamApiError && err.code === STREAM_NAME_IN_USE)) throw err;
          return reconcileStream(jsm, desired, await jsm.streams.info(streamName), log);
        })
      : await reconcileStream(jsm, desired, current, log);
  if (result.created)
    log?.info(`event stream ${streamName} created (subjects ${desired.subjects.join(', ')})`);
  warnAboutPayload(streamName, opts.serverMaxPayload, log);
  return result;
}

async function createStream(
  jsm: JetStreamManager,
  desired: DesiredStreamConfig,
): Promise<EnsureStreamResult> {
  try {
    await jsm.streams.add(desired);
    return { created: true, changes: [] };
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === REPLICAS_NOT_SUPPORTED)
      throw new StreamReplicasUnavailableError(desired.name, desired.num_replicas);
    throw err;
  }
}

async function reconcileStream(
  jsm: JetStreamManager,
  desired: DesiredStreamConfig,
  current: StreamInfo,
  log: EnsureStreamOptions['logger'],
): Promise<EnsureStreamResult> {
  // A single server updates a stream to any replica count (unlike a create), yet keeps one copy.
  if (desired.num_replicas > 1 && current.cluster === undefined)
    throw new StreamReplicasUnavailableError(desired.name, desired.num_replicas);
  const plan = planStreamReconcile(current.config, desired);
  for (const warning of plan.warnings) log?.warn(warning);
  if (plan.problems.length > 0) throw new UnsafeStreamConfigError(desired.name, plan.problems);
  if (plan.changes.length === 0) return { created: false, changes: [] };
  const update = Object.fromEntries(plan.changes.map((c) => [c.field, c.to]));
  await jsm.streams.update(desired.name, { ...current.config, ...update });
  for (const c of plan.changes) {
    log?.info(
      { stream: desired.name, field: c.field, from: c.from, to: c.to },
      `event stream ${desired.name}: ${c.field} updated from ${JSON.stringify(c.from)} to ${JSON.stringify(c.to)}`,
    );
  }
  return { created: false, changes: plan.changes };
}

function warnAboutPayload(
  name: string,
  serverMaxPayload: number | undefined,
  log: EnsureStreamOptions['logger'],
) {
  if (serverMaxPayload === undefined || serverMaxPayload >= MAX_EVENT_BYTES) return;
  log?.warn(
    `the NATS server's max_payload is ${serverMaxPayload} bytes, below the ${MAX_EVENT_BYTES} that event stream ` +
      `${name} takes for one event: large context updates will be refused. Set max_payload: 8MB (nats.conf).`,
  );
}

async function loadStreamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(name);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return null;
    throw err;
  }
}
