// The api role: the plugin's HTTP API (Hono on node:http), built by src/api/server.ts.
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import { startApiServer } from '../api/server.js';
import type { RunningRole } from './roles.js';

export async function startApiRole(config: Config, logger: Logger): Promise<RunningRole> {
  const api = await startApiServer(config, logger.child({ role: 'api' }));
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  // close() stops accepting connections, lets in-flight requests finish, then drains NATS and closes the pools.
  const url = `http://${host}:${api.port}`;
  return { role: 'api', description: `plugin API on ${url}`, url, close: () => api.close() };
}
