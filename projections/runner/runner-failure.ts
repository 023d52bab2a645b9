// What the runner says about a failed attempt: the metric's error kind and the log fields that let someone
// find the message and the cause (stream sequence, subject, type, SQLSTATE, constraint).
import { ApplyFailedError, DecodeFailedError, pgErrorFields } from './apply-errors.js';
import type { RunnerErrorKind } from '../../src/observability/index.js';

/**
 * The read model's checkpoint is past the stream's last sequence, or it was when the runner halted and has
 * not changed since: the stream was deleted and created again, so its sequences name other events.
 */
export class CheckpointAheadError extends Error {
  readonly code = 'checkpoint_ahead' as const;
  readonly fix: string;
  constructor(
    readonly readModel: string,
    readonly checkpoint: number,
    readonly streamLastSeq: number,
  ) {
    const fix = `npm run c4m -- rebuild ${readModel}`;
    super(
      checkpoint > streamLastSeq
        ? `checkpoint ${checkpoint} of read model ${readModel} is ahead of the stream's last sequence ` +
            `${streamLastSeq}: the stream was created again; applying nothing until it is rebuilt: ${fix}`
        : `checkpoint ${checkpoint} of read model ${readModel} was ahead of the stream, which has since grown ` +
            `to ${streamLastSeq} with other events; applying nothing until it is rebuilt: ${fix}`,
    );
    this.name = 'CheckpointAheadError';
    this.fix = fix;
  }
}

export interface FailureReport {
  kind: RunnerErrorKind;
  fields: Record<string, unknown>;
}

export function describeFailure(err: unknown): FailureReport {
  if (err instanceof ApplyFailedError) {
    const { seq, subject, type, sqlstate, constraint } = err;
    return { kind: sqlstate ? 'database' : 'other', fields: { seq, subject, type, sqlstate, constraint } };
  }
  if (err instanceof DecodeFailedError) {
    return { kind: 'decode', fields: { seq: err.seq, subject: err.subject, type: err.type } };
  }
  const { sqlstate, constraint } = pgErrorFields(err);
  return sqlstate ? { kind: 'database', fields: { sqlstate, constraint } } : { kind: 'other', fields: {} };
}
