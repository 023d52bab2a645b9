// Account lifecycle facts. The API writes users and projects to PostgreSQL at once (uniqueness checks)
// and records every change here; password hashes never enter the stream.
import { z } from 'zod';
import { IsoTime } from './shared.js';

export const UserRegisteredV1 = z
  .object({
    email: z.string(),
    name: z.string(),
    configId: z.number().int(),
    isOauthSignup: z.boolean(),
    joinedAt: IsoTime,
  })
  .strict();

export const UserUpdatedV1 = z
  .object({
    name: z.string().optional(),
    email: z.string().optional(),
    preference: z.record(z.string(), z.unknown()).optional(),
    configId: z.number().int().optional(),
    verified: z.boolean().optional(),
    passwordChanged: z.boolean(),
  })
  .strict();

/** The user asked to be forgotten; `deleteData` also removes their research data (events and rows). */
export const UserErasedV1 = z.object({ deleteData: z.boolean() }).strict();

export const ProjectCreatedV1 = z.object({ projectName: z.string(), createdAt: IsoTime }).strict();

/**
 * The envelope's user became a member of the envelope's project (a `project_users` row). `creator` is the
 * user who created it; `member` is kept for members added by others (nothing adds them yet).
 */
export const ProjectMemberAddedV1 = z
  .object({ role: z.enum(['creator', 'member']), joinedAt: IsoTime })
  .strict();

/** An operator granted or withdrew the envelope's user the admin role (`user.is_admin`). */
export const UserRoleChangedV1 = z.object({ isAdmin: z.boolean() }).strict();

/** What an account may do beyond the plugin: researchers and admins read datasets, admins also administer. */
export const UserRoleSchema = z.enum(['user', 'researcher', 'admin']);
export type UserRole = z.infer<typeof UserRoleSchema>;

/** Version 2 (issue 9): an operator gave the envelope's user this role (`user.role`). */
export const UserRoleChangedV2 = z.object({ role: UserRoleSchema }).strict();

/** v1 knew two roles only: an admin, or not (a plain user). */
export function upcastUserRoleChangedV1(data: unknown): z.input<typeof UserRoleChangedV2> {
  const { isAdmin } = data as z.infer<typeof UserRoleChangedV1>;
  return { role: isAdmin ? 'admin' : 'user' };
}

/** The user activated the project in a session (links project ↔ session and project ↔ user). */
export const ProjectActivatedV1 = z.object({ activatedAt: IsoTime }).strict();

export const SessionStartedV1 = z.object({ startedAt: IsoTime }).strict();

export const SessionEndedV1 = z
  .object({ endedAt: IsoTime, reason: z.enum(['deactivated', 'expired', 'user_deleted']) })
  .strict();
