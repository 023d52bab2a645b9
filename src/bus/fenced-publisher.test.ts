// The fenced publisher refuses a fenced user's events before they reach the stream, lets others and the
// erasure's own events through.
import { describe, expect, it } from 'vitest';
import { makeEvent, type DomainEvent } from '../../events/index.js';
import type { EventPublisher } from './event-publisher.js';
import { createFencedPublisher, UserErasedError } from './fenced-publisher.js';

const ERASED = '0190a0a0-0000-7000-8000-0000000000e1';
const OTHER = '0190a0a0-0000-7000-8000-0000000000b2';

function recording(): { publisher: EventPublisher; appended: DomainEvent[]; timeouts: unknown[] } {
  const appended: DomainEvent[] = [];
  const timeouts: unknown[] = [];
  const append = (e: DomainEvent, opts?: { timeoutMs?: number }) => {
    appended.push(e);
    timeouts.push(opts?.timeoutMs);
    return Promise.resolve({ seq: appended.length, duplicate: false });
  };
  return {
    appended,
    timeouts,
    publisher: { append, appendAll: (es) => Promise.all(es.map((e) => append(e))) },
  };
}

const feedback = (userId: string) =>
  makeEvent(
    'completion.feedback',
    { userId, queryId: '0190a0a0-0000-7000-8000-00000000000f', correlationId: 'c' },
    { modelId: 1, wasAccepted: true, groundTruth: 'late', receivedAt: new Date().toISOString() },
  );

describe('createFencedPublisher', () => {
  const fenceOf = (ids: readonly string[]) => Promise.resolve(ids.filter((id) => id === ERASED));

  it('refuses an event of a fenced user with a 401, and appends nothing of a batch that holds one', async () => {
    const inner = recording();
    const publisher = createFencedPublisher(inner.publisher, fenceOf);
    await expect(publisher.append(feedback(ERASED))).rejects.toBeInstanceOf(UserErasedError);
    await expect(publisher.appendAll([feedback(OTHER), feedback(ERASED)])).rejects.toMatchObject({
      status: 401,
    });
    expect(inner.appended).toEqual([]);
    await publisher.append(feedback(OTHER));
    expect(inner.appended.map((e) => e.userId)).toEqual([OTHER]);
  });

  it('lets session.ended and user.erased of a fenced user through', async () => {
    const inner = recording();
    const publisher = createFencedPublisher(inner.publisher, fenceOf);
    const erased = makeEvent('user.erased', { userId: ERASED, correlationId: 'c' }, { deleteData: true });
    const ended = makeEvent(
      'session.ended',
      { userId: ERASED, sessionId: '0190a0a0-0000-7000-8000-00000000005e', correlationId: 'c' },
      { endedAt: new Date().toISOString(), reason: 'user_deleted' },
    );
    await publisher.appendAll([ended, erased]);
    expect(inner.appended.map((e) => e.type)).toEqual(['session.ended', 'user.erased']);
  });

  it('takes an answer at hand (a live fence watch) as well as one from Redis, and keeps the caller’s deadline', async () => {
    const inner = recording();
    const publisher = createFencedPublisher(inner.publisher, (ids) => ids.filter((id) => id === ERASED));
    await expect(publisher.append(feedback(ERASED))).rejects.toBeInstanceOf(UserErasedError);
    await publisher.append(feedback(OTHER), { timeoutMs: 1234 });
    expect(inner.appended.map((e) => e.userId)).toEqual([OTHER]);
    expect(inner.timeouts).toEqual([1234]);
  });
});
