// Creating and activating projects. A project joins a session only through these calls, and only members
// may activate it (S3); the project list of a session never holds duplicates (B13). The project and membership
// rows commit with their events through the outbox; activation is a session fact (Redis), appended before it.
import { randomUUID } from 'node:crypto';
import { makeEvent } from '../../events/index.js';
import { Errors } from '../platform/errors.js';
import { addSessionProject, hasSessionProject, isUuid } from '../auth/index.js';
import type { AccountDeps } from './account-deps.js';
import { commitWithEvents } from './account-outbox.js';
import { insertProject, isProjectMember } from './project-repository.js';

export interface SessionScope {
  userId: string;
  sessionId: string;
  correlationId: string;
}

/**
 * project row + membership (project.created, project.member.added), then project.activated and the session's
 * project list.
 */
export async function createProject(
  deps: AccountDeps,
  scope: SessionScope,
  projectName: string,
): Promise<string> {
  const projectId = randomUUID();
  const createdAt = deps.clock.now();
  const ids = {
    userId: scope.userId,
    sessionId: scope.sessionId,
    projectId,
    correlationId: scope.correlationId,
  };
  const at = createdAt.toISOString();
  await commitWithEvents(deps, async (trx) => {
    await insertProject(trx, { projectId, projectName, createdBy: scope.userId, createdAt });
    const events = [
      makeEvent('project.created', ids, { projectName, createdAt: at }, { occurredAt: createdAt }),
      makeEvent('project.member.added', ids, { role: 'creator', joinedAt: at }, { occurredAt: createdAt }),
    ];
    return { result: undefined, events };
  });
  await deps.publisher.append(
    makeEvent('project.activated', ids, { activatedAt: at }, { occurredAt: createdAt }),
  );
  await addSessionProject(deps.redis, scope.sessionId, projectId, deps.config.sessionTokenTtlS);
  return projectId;
}

/**
 * Activates a project the user is a member of in their session. Unknown, foreign and malformed ids are all
 * 401 invalid project token: the plugin answers 401 by creating a new project.
 */
export async function activateProject(
  deps: AccountDeps,
  scope: SessionScope,
  rawProjectId: string,
): Promise<string> {
  const projectId = rawProjectId.trim().toLowerCase();
  if (!isUuid(projectId)) throw Errors.invalidProjectToken();
  if (!(await isProjectMember(deps.db, projectId, scope.userId))) throw Errors.invalidProjectToken();
  if (await hasSessionProject(deps.redis, scope.sessionId, projectId)) return projectId;
  const activatedAt = deps.clock.now();
  await deps.publisher.append(
    makeEvent(
      'project.activated',
      { userId: scope.userId, sessionId: scope.sessionId, projectId, correlationId: scope.correlationId },
      { activatedAt: activatedAt.toISOString() },
      { occurredAt: activatedAt },
    ),
  );
  await addSessionProject(deps.redis, scope.sessionId, projectId, deps.config.sessionTokenTtlS);
  return projectId;
}
