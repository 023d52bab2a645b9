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
  UserRoleChangedV2,
  UserUpdatedV1,
  upcastUserRoleChangedV1,
} from './types/accounts.js';
import { ApiTokenCreatedV1, ApiTokenRevokedV1 } from './types/api-tokens.js';
import { ConfigPublishedV1, ReferencePublishedV1 } from './types/reference.js';
import {
  CompletionFeedbackV1,
  CompletionGeneratedV1,
  CompletionGeneratedV2,
  CompletionRequestedV1,
  CompletionRequestedV2,
  CompletionShownV1,
  upcastCompletionGeneratedV1,
  upcastCompletionRequestedV1,
} from './types/completion.js';
import { ContextUpdatedV1, ContextUpdatedV2, upcastContextUpdatedV1 } from './types/context.js';
import { ChatAnsweredV1, ChatDeletedV1, ChatRequestedV1 } from './types/chat.js';
import {
  ConfigCreatedV1,
  StudyArmAssignedV1,
  StudyArmReleasedV1,
  StudyCreatedV1,
  StudyEndedV1,
  StudyStartedV1,
} from './types/studies.js';

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

/** A type with a second version: v1 data is lifted by `upcast`. */
function entryV2(
  v1: z.ZodType,
  v2: z.ZodType,
  upcast: (data: unknown) => unknown,
  requires: CatalogEntry['requires'],
): CatalogEntry {
  return { versions: { 1: v1, 2: v2 }, latest: 2, upcasters: { 1: upcast }, requires };
}

const QUERY_IDS = ['userId', 'sessionId', 'projectId', 'queryId'] as const;

export const eventCatalog = {
  'user.registered': entry(UserRegisteredV1, ['userId']),
  'user.updated': entry(UserUpdatedV1, ['userId']),
  'user.erased': entry(UserErasedV1, ['userId']),
  'session.started': entry(SessionStartedV1, ['userId', 'sessionId']),
  'session.ended': entry(SessionEndedV1, ['userId', 'sessionId']),
  'project.created': entry(ProjectCreatedV1, ['userId', 'projectId']),
  'project.activated': entry(ProjectActivatedV1, ['userId', 'sessionId', 'projectId']),
  'completion.requested': entryV2(
    CompletionRequestedV1,
    CompletionRequestedV2,
    upcastCompletionRequestedV1,
    QUERY_IDS,
  ),
  'completion.generated': entryV2(
    CompletionGeneratedV1,
    CompletionGeneratedV2,
    upcastCompletionGeneratedV1,
    QUERY_IDS,
  ),
  'completion.shown': entry(CompletionShownV1, QUERY_IDS),
  'completion.feedback': entry(CompletionFeedbackV1, ['userId', 'queryId']),
  'context.updated': entryV2(ContextUpdatedV1, ContextUpdatedV2, upcastContextUpdatedV1, [
    'userId',
    'sessionId',
    'projectId',
  ]),
  'project.member.added': entry(ProjectMemberAddedV1, ['userId', 'projectId']),
  'user.role.changed': entryV2(UserRoleChangedV1, UserRoleChangedV2, upcastUserRoleChangedV1, ['userId']),
  'api.token.created': entry(ApiTokenCreatedV1, ['userId']),
  'api.token.revoked': entry(ApiTokenRevokedV1, ['userId']),
  'config.published': entry(ConfigPublishedV1, []),
  'reference.published': entry(ReferencePublishedV1, []),
  'chat.requested': entry(ChatRequestedV1, QUERY_IDS),
  'chat.answered': entry(ChatAnsweredV1, QUERY_IDS),
  'chat.deleted': entry(ChatDeletedV1, ['userId']),
  'config.created': entry(ConfigCreatedV1, []),
  'study.created': entry(StudyCreatedV1, []),
  'study.started': entry(StudyStartedV1, []),
  'study.ended': entry(StudyEndedV1, []),
  'study.arm.assigned': entry(StudyArmAssignedV1, ['userId']),
  'study.arm.released': entry(StudyArmReleasedV1, ['userId']),
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
  'completion.requested': z.infer<typeof CompletionRequestedV2>;
  'completion.generated': z.infer<typeof CompletionGeneratedV2>;
  'completion.shown': z.infer<typeof CompletionShownV1>;
  'completion.feedback': z.infer<typeof CompletionFeedbackV1>;
  'context.updated': z.infer<typeof ContextUpdatedV2>;
  'project.member.added': z.infer<typeof ProjectMemberAddedV1>;
  'user.role.changed': z.infer<typeof UserRoleChangedV2>;
  'api.token.created': z.infer<typeof ApiTokenCreatedV1>;
  'api.token.revoked': z.infer<typeof ApiTokenRevokedV1>;
  'config.published': z.infer<typeof ConfigPublishedV1>;
  'reference.published': z.infer<typeof ReferencePublishedV1>;
  'chat.requested': z.infer<typeof ChatRequestedV1>;
  'chat.answered': z.infer<typeof ChatAnsweredV1>;
  'chat.deleted': z.infer<typeof ChatDeletedV1>;
  'config.created': z.infer<typeof ConfigCreatedV1>;
  'study.created': z.infer<typeof StudyCreatedV1>;
  'study.started': z.infer<typeof StudyStartedV1>;
  'study.ended': z.infer<typeof StudyEndedV1>;
  'study.arm.assigned': z.infer<typeof StudyArmAssignedV1>;
  'study.arm.released': z.infer<typeof StudyArmReleasedV1>;
}

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}

export function catalogEntry(type: EventType): CatalogEntry {
  return eventCatalog[type];
}
