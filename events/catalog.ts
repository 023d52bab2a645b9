// The event catalog: every type, its published versions and their schemas, and the upcasters that lift an
// old version to the latest. A published version never changes: add a version and an upcaster instead.
import type { z } from 'zod';
import {
  ProjectActivatedV1,
  ProjectCreatedV1,
  ProjectMemberAddedV1,
  SessionEndedV1,
  SessionStartedV1,
  UserErasedV1,
  UserRegisteredV1,
  UserRoleChangedV1,
  UserUpdatedV1,
} from './types/accounts.js';
import { ConfigPublishedV1, ReferencePublishedV1 } from './types/reference.js';
import { CompletionFeedbackV1, CompletionGeneratedV1, CompletionRequestedV1 } from './types/completion.js';
import { ContextUpdatedV1 } from './types/context.js';

interface CatalogEntry {
  /** Schema per published version. */
  versions: Record<number, z.ZodType>;
  latest: number;
  /** upcasters[v] turns data of version v into data of version v + 1. */
  upcasters: Record<number, (data: unknown) => unknown>;
  /** Which envelope ids must be present. */
  requires: ReadonlyArray<'userId' | 'sessionId' | 'projectId' | 'queryId'>;
}

function entry(schema: z.ZodType, requires: CatalogEntry['requires']): CatalogEntry {
  return { versions: { 1: schema }, latest: 1, upcasters: {}, requires };
}

export const eventCatalog = {
  'user.registered': entry(UserRegisteredV1, ['userId']),
  'user.updated': entry(UserUpdatedV1, ['userId']),
  'user.erased': entry(UserErasedV1, ['userId']),
  'session.started': entry(SessionStartedV1, ['userId', 'sessionId']),
  'session.ended': entry(SessionEndedV1, ['userId', 'sessionId']),
  'project.created': entry(ProjectCreatedV1, ['userId', 'projectId']),
  'project.activated': entry(ProjectActivatedV1, ['userId', 'sessionId', 'projectId']),
  'completion.requested': entry(CompletionRequestedV1, ['userId', 'sessionId', 'projectId', 'queryId']),
  'completion.generated': entry(CompletionGeneratedV1, ['userId', 'sessionId', 'projectId', 'queryId']),
  'completion.feedback': entry(CompletionFeedbackV1, ['userId', 'queryId']),
  'context.updated': entry(ContextUpdatedV1, ['userId', 'sessionId', 'projectId']),
  'project.member.added': entry(ProjectMemberAddedV1, ['userId', 'projectId']),
  'user.role.changed': entry(UserRoleChangedV1, ['userId']),
  'config.published': entry(ConfigPublishedV1, []),
  'reference.published': entry(ReferencePublishedV1, []),
} satisfies Record<string, CatalogEntry>;

export type EventType = keyof typeof eventCatalog;
export const eventTypes = Object.keys(eventCatalog) as EventType[];

/** The data of the latest version of each type. */
export interface EventDataMap {
  'user.registered': z.infer<typeof UserRegisteredV1>;
  'user.updated': z.infer<typeof UserUpdatedV1>;
  'user.erased': z.infer<typeof UserErasedV1>;
  'session.started': z.infer<typeof SessionStartedV1>;
  'session.ended': z.infer<typeof SessionEndedV1>;
  'project.created': z.infer<typeof ProjectCreatedV1>;
  'project.activated': z.infer<typeof ProjectActivatedV1>;
  'completion.requested': z.infer<typeof CompletionRequestedV1>;
  'completion.generated': z.infer<typeof CompletionGeneratedV1>;
  'completion.feedback': z.infer<typeof CompletionFeedbackV1>;
  'context.updated': z.infer<typeof ContextUpdatedV1>;
  'project.member.added': z.infer<typeof ProjectMemberAddedV1>;
  'user.role.changed': z.infer<typeof UserRoleChangedV1>;
  'config.published': z.infer<typeof ConfigPublishedV1>;
  'reference.published': z.infer<typeof ReferencePublishedV1>;
}

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}

export function catalogEntry(type: EventType): CatalogEntry {
  return eventCatalog[type];
}
