// Dead-letter reasons of the bulk folds, worded as the runner words them for the same event, so a rebuilt
// read model's dead letters read like the live ones.
import { ProjectionRejectedError } from '../runner/read-model.js';

/** The reason for a projector's refusal (ProjectionRejectedError); any other error is rethrown: the code's fault. */
export function rejectionReason(err: unknown): string {
  if (err instanceof ProjectionRejectedError) return `apply failed: ${err.code}: ${err.message}`;
  throw err;
}

/** The reason PostgreSQL gives for a row whose parent row is missing (SQLSTATE 23503), and why it is the event's. */
export function missingParentReason(
  fk: { table: string; constraint: string; column: string; parent: string },
  id: string,
  why: string,
): string {
  return (
    `apply failed: 23503: insert or update on table "${fk.table}" violates foreign key constraint ` +
    `"${fk.constraint}" (Key (${fk.column})=(${id.toLowerCase()}) is not present in table "${fk.parent}".); ${why}`
  );
}
