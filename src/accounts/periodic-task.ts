// A background pass repeated at an interval (the outbox relay, the session-expiry sweeper): the first pass
// runs at start, passes never overlap, a failed pass is logged and the next one comes as planned, and stop()
// waits for the pass in flight.
import type { Logger } from '../platform/logger.js';

export interface PeriodicTask {
  start(): void;
  stop(): Promise<void>;
}

export function createPeriodicTask(
  name: string,
  intervalMs: number,
  pass: () => Promise<void>,
  logger: Logger,
): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  const run = (): void => {
    inFlight = pass()
      .catch((err: unknown) => logger.error({ err }, `${name} pass failed`))
      .finally(() => {
        inFlight = undefined;
        if (!stopped) timer = setTimeout(run, intervalMs);
      });
  };
  return {
    start: () => {
      if (timer || inFlight) return;
      stopped = false;
      run();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
