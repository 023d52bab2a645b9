// What run.ts hands a measured pass (phase.ts) and what the pass reports back.

export type PhaseName = 'bare' | 'decode' | 'fold' | 'rebuild';

export interface PhaseJob {
  natsUrl: string;
  stream: string;
  lastSeq: number;
  /** Messages the ordered consumer asks for at a time. */
  maxMessages: number;
  /** The fresh, migrated database the fold pass (or the rebuild pass) loads. */
  databaseUrl: string;
  /** The stream's subject prefix (the rebuild pass's catch-up reads by it). */
  prefix?: string;
}

export interface PhaseResult {
  phase: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** The pass's process: its peak resident set. */
  maxRssMiB: number;
  detail: Record<string, number>;
}
