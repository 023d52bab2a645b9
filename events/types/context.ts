// Multi-file context changes sent by the plugin before a completion.
import { z } from 'zod';
import { FileContextChangeSchema, IsoTime } from './shared.js';

export const ContextUpdatedV1 = z
  .object({
    updatedAt: IsoTime,
    /** Whether the user's store_context preference allowed keeping the lines; if not, `changes` is {}. */
    stored: z.boolean(),
    /** Raw changes per file (secrets redacted), in the order the plugin sent them. */
    changes: z.record(z.string(), z.array(FileContextChangeSchema)),
    /** Per file: number of lines after applying, and the change-log length (always kept). */
    files: z.record(
      z.string(),
      z.object({ lineCount: z.number().int().min(0), changeCount: z.number().int().min(0) }).strict(),
    ),
  })
  .strict();

// ---- Version 2 (issue 8): never claims to keep changes it dropped; a large update spans several events.

export const ContextFileSummarySchema = z
  .object({
    lineCount: z.number().int().min(0),
    changeCount: z.number().int().min(0),
    /**
     * Null when this event holds the file's changes; `not_stored`: the user's store_context is off;
     * `event_size_limit`: the file's changes alone are larger than one event may be.
     */
    changesOmitted: z.enum(['not_stored', 'event_size_limit']).nullable(),
  })
  .strict();

export const ContextUpdatedV2 = z
  .object({
    updatedAt: IsoTime,
    /** Whether the user's store_context preference allowed keeping the lines (per file: `changesOmitted`). */
    stored: z.boolean(),
    /** Raw changes (secrets redacted), in the order sent, of the files of `files` whose changesOmitted is null. */
    changes: z.record(z.string(), z.array(FileContextChangeSchema)),
    /** Per file of this event: lines after applying, change-log length, and whether its changes are here. */
    files: z.record(z.string(), ContextFileSummarySchema),
    /** One update too large for one event is split by file; its events share the correlationId. */
    part: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).strict(),
  })
  .strict()
  .refine(
    (d) =>
      Object.keys(d.changes).every((p) => d.files[p]?.changesOmitted === null) &&
      Object.entries(d.files).every(([p, f]) => (f.changesOmitted === null) === Object.hasOwn(d.changes, p)),
    { message: 'changes holds exactly the files whose changesOmitted is null' },
  );

type ContextUpdatedV1Data = z.infer<typeof ContextUpdatedV1>;

/** v1 dropped the changes of files over 600,000 characters silently: a stored file without changes was one. */
export function upcastContextUpdatedV1(data: unknown): z.input<typeof ContextUpdatedV2> {
  const d = data as ContextUpdatedV1Data;
  const paths = [...new Set([...Object.keys(d.files), ...Object.keys(d.changes)])];
  const files: Record<string, z.input<typeof ContextFileSummarySchema>> = {};
  for (const path of paths) {
    const counts = d.files[path] ?? { lineCount: 0, changeCount: 0 };
    const omitted = !d.stored ? 'not_stored' : Object.hasOwn(d.changes, path) ? null : 'event_size_limit';
    files[path] = { ...counts, changesOmitted: omitted };
  }
  const changes = d.stored ? d.changes : {};
  return { updatedAt: d.updatedAt, stored: d.stored, changes, files, part: { index: 1, count: 1 } };
}
