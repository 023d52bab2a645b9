// Reference data as versioned snapshots: the plugin configs (study arms) and the lookup tables that give
// completion events' ids their names. A dataset names the version it used by the stream sequence of the event.
import { z } from 'zod';

/** sha256 (hex) of the snapshot without the hash: equal content, equal hash. */
const ContentHash = z.string().regex(/^[0-9a-f]{64}$/);

/** Every row of the `config` table (config 1 is the default every new user gets). */
export const ConfigPublishedV1 = z
  .object({
    configs: z.array(z.object({ configId: z.number().int().positive(), configData: z.string() }).strict()),
    contentHash: ContentHash,
  })
  .strict();

/** Every row of the lookup tables whose ids completion events carry (model, plugin version, trigger, language). */
export const ReferencePublishedV1 = z
  .object({
    modelNames: z.array(
      z
        .object({ modelId: z.number().int(), modelName: z.string(), isInstructionTuned: z.boolean() })
        .strict(),
    ),
    pluginVersions: z.array(
      z
        .object({
          versionId: z.number().int(),
          versionName: z.string(),
          ideType: z.string(),
          description: z.string().nullable(),
        })
        .strict(),
    ),
    triggerTypes: z.array(
      z.object({ triggerTypeId: z.number().int(), triggerTypeName: z.string() }).strict(),
    ),
    languages: z.array(z.object({ languageId: z.number().int(), languageName: z.string() }).strict()),
    contentHash: ContentHash,
  })
  .strict();
