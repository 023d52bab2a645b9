// The dashboard (ui/) as the browser tests and the bench use it: built if stale, served by its own process on
// a free loopback port against the given API, stopped again by stop().
import net from 'node:net';
import { createLogger } from '../../src/platform/logger.js';
import { ensureUiBuild, UI_DIR } from '../../src/roles/ui-build.js';
import { startUiProcess, type UiProcess } from '../../src/roles/ui-process.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startDashboard(
  apiUrl: string,
  googleClientId: string | null = null,
): Promise<UiProcess> {
  await ensureUiBuild(createLogger('silent'));
  const port = await freePort();
  return startUiProcess(UI_DIR, {
    host: '127.0.0.1',
    port,
    origin: `http://127.0.0.1:${port}`,
    apiUrl,
    googleClientId,
  });
}
