// Time as a dependency, so deciders and tests can fix it.
export interface Clock {
  now(): Date;
  /** Monotonic milliseconds for measuring durations. */
  monotonicMs(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
};
