// Whose fault a failed apply is. The event's (it is dead-lettered) only when a projector refused it or the
// database refused it with a constraint violation its read model declares in `eventFaults`; any other error
// is the code's (a bad migration, a bug, a lost connection) and is retried, so no row is ever given up on
// because of a mistake in our code.
import { ApplyFailedError, pgErrorFields } from './apply-errors.js';
import { ProjectionRejectedError, type EventFault, type ReadModel } from './read-model.js';

type Fault = { kind: 'rejected'; error: ProjectionRejectedError } | { kind: 'declared'; fault: EventFault };

function eventFaultOf(readModel: ReadModel, err: unknown): Fault | undefined {
  const cause = err instanceof ApplyFailedError ? err.cause : err;
  if (cause instanceof ProjectionRejectedError) return { kind: 'rejected', error: cause };
  const { sqlstate, constraint } = pgErrorFields(cause);
  if (!sqlstate || !constraint) return undefined;
  const fault = readModel.eventFaults?.find((f) => f.sqlstate === sqlstate && f.constraint === constraint);
  return fault && { kind: 'declared', fault };
}

export function isEventFault(readModel: ReadModel, err: unknown): boolean {
  return eventFaultOf(readModel, err) !== undefined;
}

/** The dead letter's reason: `apply failed: <code>: <message> (<detail>)`, then the declared reason. */
export function eventFaultReason(readModel: ReadModel, err: unknown): string {
  const fault = eventFaultOf(readModel, err);
  const cause = err instanceof ApplyFailedError ? err.cause : err;
  const e = cause as { code?: unknown; message?: unknown; detail?: unknown };
  const detail = typeof e.detail === 'string' ? ` (${e.detail})` : '';
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  const declared = fault?.kind === 'declared' ? `; ${fault.fault.reason}` : '';
  return `apply failed: ${code}${String(e.message ?? cause)}${detail}${declared}`;
}
