// Graceful shutdown on SIGINT/SIGTERM: the first signal runs the shutdown once, a second one (or a shutdown
// that outlives its deadline) forces the exit. npm and tsx relay one Ctrl-C to us up to three times, so repeats
// within `repeatWindowMs` count as the same request.
import type { Logger } from './logger.js';

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

export interface ShutdownOptions {
  signals?: NodeJS.Signals[];
  /** A shutdown still running after this long is cut short. */
  deadlineMs?: number;
  repeatWindowMs?: number;
  /** Runs, synchronously, just before a forced exit (e.g. to signal child processes). */
  onForce?: () => void;
  proc?: SignalSource;
  now?: () => number;
}

export function onShutdownSignals(
  logger: Logger,
  shutdown: (signal: NodeJS.Signals) => Promise<void>,
  opts: ShutdownOptions = {},
): void {
  const {
    signals = ['SIGINT', 'SIGTERM'],
    deadlineMs = 30_000,
    repeatWindowMs = 1_000,
    proc = process,
  } = opts;
  const now = opts.now ?? Date.now;
  let firstAt: number | null = null;
  const force = (code: number): void => {
    opts.onForce?.();
    proc.exit(code);
  };
  const handle = (signal: NodeJS.Signals): void => {
    if (firstAt !== null) {
      if (now() - firstAt < repeatWindowMs) return;
      logger.warn({ signal }, 'second signal: exiting now without finishing the shutdown');
      force(130);
      return;
    }
    firstAt = now();
    logger.info({ signal }, 'shutting down (send the signal again to force)');
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown took too long: exiting now');
      force(1);
    }, deadlineMs);
    timer.unref?.();
    shutdown(signal).then(
      () => {
        clearTimeout(timer);
        logger.info('stopped cleanly');
        proc.exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        logger.error({ err }, 'shutdown failed');
        proc.exit(1);
      },
    );
  };
  for (const signal of signals) proc.on(signal, handle);
}
