// Researchers' API tokens: creating one (its secret is returned once and only its hash kept) and revoking it,
// each committed with its event through the account outbox. Only researchers and admins get tokens; the role
// is checked again on every use (src/api/middleware/research-access.ts), so a demoted user's tokens stop working.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { makeEvent, type DomainEvent } from '../../events/index.js';
import { isUuid, mintApiTokenSecret } from '../auth/index.js';
import { Errors } from '../platform/errors.js';
import type { AccountDeps } from './account-deps.js';
import { commitWithEvents } from './account-outbox.js';
import {
  insertApiToken,
  lockApiToken,
  markApiTokenRevoked,
  type ApiTokenRow,
} from './api-token-repository.js';
import { lockUserById } from './user-repository.js';

type TokenDeps = Pick<AccountDeps, 'db' | 'publisher' | 'clock' | 'logger'>;

/** A label for the operator (`laptop`, `cluster job`): 1-100 characters, no control characters. */
export const ApiTokenNameSchema = z
  .string()
  .trim()
  .min(1, 'a token name is 1 to 100 characters')
  .max(100, 'a token name is 1 to 100 characters')
  .regex(/^\P{Cc}*$/u, 'a token name has no control characters');

export interface CreatedApiToken {
  token: ApiTokenRow;
  /** The only copy of the secret: shown to the operator, never stored. */
  secret: string;
  event: DomainEvent;
}

export interface RevokedApiToken {
  token: ApiTokenRow;
  /** Null when the token was already revoked (nothing appended). */
  event: DomainEvent | null;
}

/** api.token.created; 404 for an unknown user, 409 for a plain user, 422 for a bad name. */
export async function createApiToken(
  deps: TokenDeps,
  req: { userId: string; name: string; correlationId: string },
): Promise<CreatedApiToken> {
  const parsed = ApiTokenNameSchema.safeParse(req.name);
  if (!parsed.success) throw Errors.validation(parsed.error.issues[0]?.message ?? 'bad token name');
  const name = parsed.data;
  return commitWithEvents<CreatedApiToken>(deps, async (trx) => {
    // Locked, so a demotion that commits meanwhile waits for this token and then applies to it.
    const user = await lockUserById(trx, req.userId);
    if (!user) throw Errors.userNotFound();
    if (user.role === 'user') throw Errors.apiTokenRoleRequired();
    const { secret, hash } = mintApiTokenSecret();
    const createdAt = deps.clock.now();
    const token = await insertApiToken(trx, {
      token_id: randomUUID(),
      user_id: user.user_id,
      name,
      token_hash: hash,
      created_at: createdAt,
    });
    const event = tokenEvent(deps, 'api.token.created', token, req.correlationId, {
      tokenId: token.token_id,
      name,
      createdAt: createdAt.toISOString(),
    });
    return { result: { token, secret, event }, events: [event] };
  });
}

/** api.token.revoked, effective for the next request; a token already revoked appends nothing. */
export async function revokeApiToken(
  deps: TokenDeps,
  tokenId: string,
  correlationId: string,
): Promise<RevokedApiToken> {
  if (!isUuid(tokenId)) throw Errors.apiTokenNotFound();
  return commitWithEvents<RevokedApiToken>(deps, async (trx) => {
    const found = await lockApiToken(trx, tokenId.toLowerCase());
    if (!found) throw Errors.apiTokenNotFound();
    if (found.revoked_at !== null) return { result: { token: found, event: null }, events: [] };
    const revokedAt = deps.clock.now();
    const token = await markApiTokenRevoked(trx, found.token_id, revokedAt);
    const event = tokenEvent(deps, 'api.token.revoked', token, correlationId, {
      tokenId: token.token_id,
      revokedAt: revokedAt.toISOString(),
    });
    return { result: { token, event }, events: [event] };
  });
}

function tokenEvent<T extends 'api.token.created' | 'api.token.revoked'>(
  deps: TokenDeps,
  type: T,
  token: ApiTokenRow,
  correlationId: string,
  data: Parameters<typeof makeEvent<T>>[2],
): DomainEvent {
  return makeEvent(type, { userId: token.user_id, correlationId }, data, { occurredAt: deps.clock.now() });
}
