// The ui role: the dashboard (ui/, SvelteKit) built if needed and served by its own Node process, which calls
// the API over HTTP (C4M_UI_API_URL, or the api role of this process).
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import type { RunningRole } from './roles.js';
import { ensureUiBuild, UI_DIR } from './ui-build.js';
import { startUiProcess } from './ui-process.js';

export async function startUiRole(config: Config, logger: Logger): Promise<RunningRole> {
  const log = logger.child({ role: 'ui' });
  await ensureUiBuild(log);
  const apiUrl = config.uiApiUrl || `http://127.0.0.1:${config.port}`;
  const ui = await startUiProcess(UI_DIR, {
    host: config.host,
    port: config.uiPort,
    origin: config.uiOrigin || `http://localhost:${config.uiPort}`,
    apiUrl,
    googleClientId: config.googleClientIds[0] ?? null,
    addressHeader: config.uiAddressHeader,
    xffDepth: config.uiXffDepth,
  });
  return {
    role: 'ui',
    description: `dashboard on ${ui.url} (API ${apiUrl})`,
    url: ui.url,
    close: () => ui.stop(),
  };
}
