// The api role: the plugin's HTTP API (Hono on node:http), built by src/api/server.ts, with its background
// work on the accounts: the reference data snapshots published at start, the outbox relay and the
// session-expiry sweeper, the erasure sweeper and the study schedule (every API process runs them; they are
// safe side by side).
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import { createNats } from '../platform/nats.js';
import { startApiServer, type RunningApi } from '../api/server.js';
import { erasurePortsOf } from '../api/erasure-ports.js';
import {
  createErasureSweeper,
  createLastPublishedLookup,
  createOutboxRelay,
  createSessionExpirySweeper,
  publishReferenceData,
} from '../accounts/index.js';
import { createStudySchedule } from '../studies/index.js';
import type { Observability } from '../observability/index.js';
import type { RunningRole } from './roles.js';

export async function startApiRole(
  config: Config,
  logger: Logger,
  observability?: Observability,
): Promise<RunningRole> {
  const log = logger.child({ role: 'api' });
  const api = await startApiServer(config, log, observability);
  try {
    await publishReferenceAtStart(config, api, log);
  } catch (err) {
    await api.close();
    throw err;
  }
  const relay = createOutboxRelay(api.deps);
  const sweeper = createSessionExpirySweeper(api.deps);
  const studies = createStudySchedule(api.deps);
  const erasurePorts = erasurePortsOf(api.deps);
  const erasures = erasurePorts && createErasureSweeper(api.deps, erasurePorts);
  relay.start();
  sweeper.start();
  studies.start();
  erasures?.start();
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${api.port}`;
  return {
    role: 'api',
    description: `plugin API on ${url}, its reference on ${url}/docs`,
    url,
    // The background tasks stop first (they append through the API's NATS connection); then close() stops
    // accepting connections, lets in-flight requests finish, drains NATS and closes the pools.
    close: async () => {
      await Promise.all([relay.stop(), sweeper.stop(), studies.stop(), erasures?.stop()]);
      await api.close();
    },
  };
}

/** config 1 and the model names were just rewritten by startApiServer: their snapshots follow them. */
async function publishReferenceAtStart(config: Config, api: RunningApi, log: Logger): Promise<void> {
  const nats = await createNats(config.natsUrl, 'code4me-api-reference');
  try {
    const findLastPublished = createLastPublishedLookup(nats.jsm, config.streamName, config.natsPrefix);
    const versions = await publishReferenceData({ ...api.deps, findLastPublished });
    for (const [type, v] of Object.entries(versions)) {
      log.info(
        { seq: v.seq, contentHash: v.contentHash },
        `${type} version ${v.seq}${v.published ? ' (new)' : ''}`,
      );
    }
  } finally {
    await nats.nc.close();
  }
}
