// Why a rebuild refused to run or to swap; the CLI prints the message and exits with 1.

/** Another rebuild of the same read model holds its rebuild lock. */
export class RebuildBusyError extends Error {
  readonly code = 'rebuild_busy' as const;
  constructor(readModel: string) {
    super(`read model ${readModel} is already being rebuilt by another process`);
    this.name = 'RebuildBusyError';
  }
}

/** The schema is one a shadow cannot reproduce faithfully, so swapping it in could lose something. */
export class RebuildRefusedError extends Error {
  readonly code = 'rebuild_refused' as const;
  constructor(readModel: string, reason: string) {
    super(`cannot rebuild read model ${readModel}: ${reason}`);
    this.name = 'RebuildRefusedError';
  }
}
