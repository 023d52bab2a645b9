// A known history for replay tests: events of several types, two users with a project each, two models,
// an event without a user and two events stored as version 1, appended one at a time with the real
// publisher; each returned as a replay must read it back (upcast to the latest version, with its sequence).
import { v7 as uuidv7 } from 'uuid';
import { eventSubject, makeEvent, type DomainEvent } from '../../events/index.js';
import { createEventPublisher } from '../../src/bus/event-publisher.js';
import type { Nats } from '../../src/platform/nats.js';
import {
  asVersion1,
  feedback,
  generated,
  newQueryIds,
  requested,
  requestedV1Data,
  shown,
  type QueryIds,
} from '../../projections/testing/query-events.js';

export interface ReplayedEvent {
  seq: number;
  subject: string;
  event: DomainEvent;
}

/** The events as stored and as a replay gives them back. */
export interface StoredEvent {
  stored: DomainEvent;
  expected: DomainEvent;
}

const minute = 60_000;

/** One minute apart from 2026-03-01T10:00Z: the i-th event's occurredAt. */
export const occurredAt = (i: number): Date => new Date(Date.parse('2026-03-01T10:00:00.000Z') + i * minute);

const timed = <T extends DomainEvent>(event: T, i: number): T => ({
  ...event,
  occurredAt: occurredAt(i).toISOString(),
});

const requestedV1 = requestedV1Data({
  requestedAt: '2026-03-01T10:03:00.000Z',
  modelIds: [1, 5],
  versionId: 3,
  multiFileContextChangesIndexes: { 'a.py': 1 },
});

const contextV1 = {
  updatedAt: '2026-03-01T10:02:00.000Z',
  stored: true,
  changes: { 'a.py': [{ change_type: 'insert' as const, start_line: 0, end_line: 0, new_lines: ['x = 1'] }] },
  files: { 'a.py': { lineCount: 1, changeCount: 1 } },
};

/** Version 1 events (as an older writer stored them) and what the codec's upcasters make of them. */
function olderEvents(a: QueryIds): StoredEvent[] {
  const context = makeEvent('context.updated', a, {
    ...contextV1,
    files: { 'a.py': { lineCount: 1, changeCount: 1, changesOmitted: null } },
    part: { index: 1, count: 1 },
  });
  const request = requested(a);
  return [
    { stored: asVersion1(context, contextV1), expected: context },
    {
      stored: asVersion1(request, requestedV1),
      expected: {
        ...request,
        data: { ...requestedV1, configId: null, pluginVersionId: 3, multiFileContext: null },
      },
    },
  ];
}

function history(a: QueryIds, b: QueryIds): StoredEvent[] {
  const current = (event: DomainEvent): StoredEvent => ({ stored: event, expected: event });
  const reg = (ids: QueryIds, name: string) =>
    makeEvent('user.registered', ids, {
      email: `${name}@example.org`,
      name,
      configId: 1,
      isOauthSignup: false,
      joinedAt: '2026-03-01T10:00:00.000Z',
    });
  const [context, requestA] = olderEvents(a) as [StoredEvent, StoredEvent];
  const list: StoredEvent[] = [
    current(reg(a, 'ada')),
    current(makeEvent('session.started', a, { startedAt: '2026-03-01T10:01:00.000Z' })),
    context,
    requestA,
    current(generated(a, { modelId: 1, modelName: 'deepseek-coder-1.3b' })),
    current(generated(a, { modelId: 5, modelName: 'code4me-tiny' })),
    current(shown(a, { modelIds: [5] })),
    current(feedback(a, { modelId: 5, wasAccepted: true })),
    current(reg(b, 'bob')),
    current(requested(b, { modelIds: [1] })),
    current(generated(b, { modelId: 1, modelName: 'deepseek-coder-1.3b' })),
    current(makeEvent('config.published', { userId: null, correlationId: 'boot' }, configs)),
  ];
  return list.map(({ stored, expected }, i) => ({ stored: timed(stored, i), expected: timed(expected, i) }));
}

const configs = { configs: [{ configId: 1, configData: 'arm A' }], contentHash: 'a'.repeat(64) };

export interface ReplayHistory {
  userA: QueryIds;
  userB: QueryIds;
  events: ReplayedEvent[];
}

/** Appends the history (in order) and returns the events a replay of the whole stream must give. */
export async function appendReplayHistory(nats: Nats, prefix: string): Promise<ReplayHistory> {
  const userA = newQueryIds({ userId: uuidv7() });
  const userB = newQueryIds({ userId: uuidv7() });
  const events = await appendStored(nats, prefix, history(userA, userB));
  return { userA, userB, events };
}

/** Appends events one at a time (so their order is the stream's) with the platform's publisher. */
export async function appendStored(
  nats: Nats,
  prefix: string,
  list: StoredEvent[],
): Promise<ReplayedEvent[]> {
  const publisher = createEventPublisher(nats.js, prefix);
  const out: ReplayedEvent[] = [];
  for (const { stored, expected } of list) {
    const { seq } = await publisher.append(stored);
    out.push({ seq, subject: eventSubject(prefix, stored.type, stored.userId), event: expected });
  }
  return out;
}

/** More events of user A after the history (for pins): `count` generations of model 1. */
export function laterEvents(a: QueryIds, count: number): StoredEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const event = timed(generated({ ...a, queryId: uuidv7() }, { modelId: 1 }), 100 + i);
    return { stored: event, expected: event };
  });
}
