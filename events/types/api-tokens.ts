// Researchers' API tokens: one was created for the envelope's user, or revoked. Neither the secret nor its hash
// is ever in an event: the stream is replayed and exported to researchers, and a credential has no place there.
import { z } from 'zod';
import { IsoTime } from './shared.js';

export const ApiTokenCreatedV1 = z
  .object({ tokenId: z.uuid(), name: z.string(), createdAt: IsoTime })
  .strict();

export const ApiTokenRevokedV1 = z.object({ tokenId: z.uuid(), revokedAt: IsoTime }).strict();
