// Value shapes used by several event types.
import { z } from 'zod';

export const IsoTime = z.iso.datetime({ offset: true });

export const FileContextChangeSchema = z
  .object({
    change_type: z.enum(['insert', 'update', 'remove']),
    start_line: z.number().int().min(0),
    end_line: z.number().int().min(0),
    new_lines: z.array(z.string()),
  })
  .strict();
export type FileContextChange = z.infer<typeof FileContextChangeSchema>;

export const ContextSchema = z
  .object({
    prefix: z.string(),
    suffix: z.string(),
    fileName: z.string().nullable(),
    selectedText: z.string().nullable(),
    contextFiles: z.array(z.string()),
  })
  .strict();

export const ContextualTelemetrySchema = z
  .object({
    versionId: z.number().int().positive(),
    triggerTypeId: z.number().int().positive(),
    languageId: z.number().int().positive(),
    filePath: z.string().nullable(),
    caretLine: z.number().int().min(0).nullable(),
    documentCharLength: z.number().int().min(0).nullable(),
    relativeDocumentPosition: z.number().min(0).max(1).nullable(),
  })
  .strict();

export const BehavioralTelemetrySchema = z
  .object({
    timeSinceLastShown: z.number().int().min(0).nullable(),
    timeSinceLastAccepted: z.number().int().min(0).nullable(),
    typingSpeed: z.number().min(0).nullable(),
  })
  .strict();
