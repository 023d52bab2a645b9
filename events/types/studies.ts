// Configs as data and studies (A/B experiments): a config created, a study created, started, ended, and a
// user's arm assigned or released. Config and study events are system events (no user: erasing the admin who
// made them must not erase the study); arm events belong to the assigned user.
import { z } from 'zod';
import { IsoTime } from './shared.js';

const ConfigId = z.number().int().positive();

/** What a config switches: the models offered, the default ones and the plugin modules (docs/studies.md). */
export const ConfigDocumentV1 = z
  .object({
    models: z
      .object({
        offered: z.array(z.number().int()).min(1),
        defaults: z.array(z.number().int()),
      })
      .strict(),
    modules: z
      .object({ telemetry: z.boolean(), groundTruth: z.boolean(), multiFileContext: z.boolean() })
      .strict(),
  })
  .strict();

/** A new config; a config never changes once created (completion events name the config they were served). */
export const ConfigCreatedV1 = z
  .object({
    configId: ConfigId,
    name: z.string(),
    document: ConfigDocumentV1,
    /** The HOCON the plugin gets for this config. */
    configData: z.string(),
    /** The config it was derived from, if any. */
    basedOn: ConfigId.nullable(),
    createdAt: IsoTime,
  })
  .strict();

export const StudyCreatedV1 = z
  .object({
    studyId: z.uuid(),
    name: z.string(),
    description: z.string(),
    /** The arms, in the order the assignment rule indexes them. */
    configIds: z.array(ConfigId).min(2),
    defaultConfigId: ConfigId,
    startsAt: IsoTime,
    endsAt: IsoTime.nullable(),
    createdAt: IsoTime,
  })
  .strict();

export const StudyStartedV1 = z.object({ studyId: z.uuid(), startedAt: IsoTime }).strict();

export const StudyEndedV1 = z
  .object({
    studyId: z.uuid(),
    endedAt: IsoTime,
    /** `schedule`: its end came; `admin`: ended early by an admin. */
    reason: z.enum(['schedule', 'admin']),
  })
  .strict();

export const StudyArmAssignedV1 = z
  .object({
    studyId: z.uuid(),
    configId: ConfigId,
    /** The config the user had before, given back when the study ends. */
    previousConfigId: ConfigId,
    assignedAt: IsoTime,
  })
  .strict();

export const StudyArmReleasedV1 = z
  .object({
    studyId: z.uuid(),
    configId: ConfigId,
    restoredConfigId: ConfigId,
    releasedAt: IsoTime,
  })
  .strict();
