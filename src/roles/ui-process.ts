// The dashboard's server (ui/build/index.js, SvelteKit's adapter-node) as a child process: its settings go in
// its environment, its address comes from its "Listening on" line, and stop() ends it with SIGTERM.
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface UiServerSettings {
  host: string;
  port: number;
  /** The origin browsers use (adapter-node's ORIGIN). */
  origin: string;
  apiUrl: string;
  googleClientId: string | null;
  /** Behind a proxy: where adapter-node reads the browser's address (ADDRESS_HEADER, XFF_DEPTH). */
  addressHeader?: string;
  xffDepth?: number;
}

export interface UiProcess {
  /** The address it listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  stop(): Promise<void>;
}

export function startUiProcess(
  uiDir: string,
  s: UiServerSettings,
  startTimeoutMs = 30_000,
): Promise<UiProcess> {
  const env: Record<string, string> = {
    HOST: s.host,
    PORT: String(s.port),
    ORIGIN: s.origin,
    C4M_UI_API_URL: s.apiUrl,
    ...(s.googleClientId ? { C4M_UI_GOOGLE_CLIENT_ID: s.googleClientId } : {}),
    ...(s.addressHeader ? { ADDRESS_HEADER: s.addressHeader, XFF_DEPTH: String(s.xffDepth ?? 1) } : {}),
  };
  const child = spawn(process.execPath, [path.join(uiDir, 'build', 'index.js')], {
    cwd: uiDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => void stop().then(() => reject(new Error(`the dashboard did not start:\n${output}`))),
      startTimeoutMs,
    );
    const onData = (d: Buffer): void => {
      output += d.toString();
      const m = /Listening on (\S+)/.exec(output);
      if (!m?.[1]) return;
      clearTimeout(timer);
      const url = new URL(m[1]);
      if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
      resolve({ url: url.origin, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the dashboard exited (${code}) before listening:\n${output}`));
    });
  });
}
