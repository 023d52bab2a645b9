// How the research filters' values are written, wherever they are read (dataset query parameters, the
// replay's slice): instants with a zone or plain dates, and ids as UUIDs, each refused with the same message.
import { z } from 'zod';

/** An ISO-8601 instant with a zone (`Z` or `±hh:mm`), or a date (midnight UTC). */
export const InstantSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: (issue) =>
      `'${String(issue.input)}' is not an ISO-8601 time with a zone (2026-03-01T10:00:00Z, ` +
      '2026-03-01T12:00:00+02:00) or a date (2026-03-01)',
  })
  .transform((s) => new Date(/T/.test(s) ? s : `${s}T00:00:00Z`));

/** A UUID in any case, lowercased (the form every id is stored in). */
export function uuidSchema(what: string) {
  return z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.uuid(`${what} must be a UUID`));
}
