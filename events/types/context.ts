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
