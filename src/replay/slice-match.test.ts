// The slice's filters split between one subject filter for the server and checks on the client, and the
// models each event type names.
import { describe, expect, it } from 'vitest';
import { makeEvent, type DomainEvent } from '../../events/index.js';
import {
  feedback,
  generated,
  newQueryIds,
  requested,
  shown,
} from '../../projections/testing/query-events.js';
import { chatAnswered, chatDeleted, chatRequested } from '../../projections/testing/chat-events.js';
import { parseEventSlice, type EventSliceInput } from './event-slice.js';
import { modelIdsOf } from './event-models.js';
import { eventMatches, subjectFilterFor, subjectMayMatch } from './slice-match.js';

const user = '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const other = '0192f5d4-1a2b-7c3d-8e4f-000000000000';
const slice = (input: EventSliceInput) => parseEventSlice(input);

describe('subjectFilterFor', () => {
  it('filters by type and user, by one of them, or not at all, as one subject', () => {
    expect(subjectFilterFor('c4m', slice({}))).toBe('c4m.evt.>');
    expect(subjectFilterFor('c4m', slice({ types: ['completion.generated'] }))).toBe(
      'c4m.evt.completion_generated.*',
    );
    expect(subjectFilterFor('c4m', slice({ userId: user }))).toBe(`c4m.evt.*.${user}`);
    expect(subjectFilterFor('c4m', slice({ types: ['session.started'], userId: user }))).toBe(
      `c4m.evt.session_started.${user}`,
    );
    expect(subjectFilterFor('c4m', slice({ types: ['session.started', 'session.ended'] }))).toBe('c4m.evt.>');
    expect(
      subjectFilterFor('c4m', slice({ types: ['session.started', 'session.ended'], userId: user })),
    ).toBe(`c4m.evt.*.${user}`);
  });
});

describe('subjectMayMatch', () => {
  const types = slice({ types: ['session.started', 'session.ended'], userId: user });
  it('rules out other types and users by the subject alone', () => {
    expect(subjectMayMatch(`c4m.evt.session_ended.${user}`, types)).toBe(true);
    expect(subjectMayMatch(`c4m.evt.session_ended.${other}`, types)).toBe(false);
    expect(subjectMayMatch(`c4m.evt.completion_shown.${user}`, types)).toBe(false);
    expect(subjectMayMatch('c4m.evt.session_ended._', types)).toBe(false);
  });

  it('keeps a type this code does not know only when the slice takes every type', () => {
    expect(subjectMayMatch(`c4m.evt.chat_sent.${user}`, types)).toBe(false);
    expect(subjectMayMatch(`c4m.evt.chat_sent.${user}`, slice({ userId: user }))).toBe(true);
  });
});

describe('modelIdsOf', () => {
  const ids = newQueryIds();
  it('names the models of completion requests, generations, answers shown and feedback, none elsewhere', () => {
    expect(modelIdsOf(requested(ids, { modelIds: [1, 5] }))).toEqual([1, 5]);
    expect(modelIdsOf(generated(ids, { modelId: 5 }))).toEqual([5]);
    expect(modelIdsOf(shown(ids, { modelIds: [2] }))).toEqual([2]);
    expect(modelIdsOf(feedback(ids, { modelId: 3 }))).toEqual([3]);
    const started = makeEvent('session.started', ids, { startedAt: '2026-03-01T10:00:00.000Z' });
    expect(modelIdsOf(started)).toEqual([]);
  });

  it('names the models a chat turn asked and those that answered it, none for a deletion', () => {
    const chatId = '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e01';
    expect(modelIdsOf(chatRequested(ids, chatId, { modelIds: [3, 9] }))).toEqual([3, 9]);
    expect(modelIdsOf(chatAnswered(ids, chatId))).toEqual([3]);
    expect(modelIdsOf(chatDeleted(ids, chatId))).toEqual([]);
  });
});

describe('eventMatches', () => {
  const ids = newQueryIds({ userId: user });
  const at = (iso: string): DomainEvent => ({ ...generated(ids, { modelId: 5 }), occurredAt: iso });

  it('takes --from as inclusive and --to as exclusive, by the envelope occurredAt', () => {
    const march = slice({ from: '2026-03-01', to: '2026-04-01' });
    expect(eventMatches(at('2026-03-01T00:00:00.000Z'), march)).toBe(true);
    expect(eventMatches(at('2026-03-01T01:59:59.999+02:00'), march)).toBe(false);
    expect(eventMatches(at('2026-03-31T23:59:59.999Z'), march)).toBe(true);
    expect(eventMatches(at('2026-04-01T00:00:00.000Z'), march)).toBe(false);
  });

  it('needs every filter to hold: type, user, project and model', () => {
    const event = generated(ids, { modelId: 5 });
    expect(eventMatches(event, slice({ types: ['completion.generated'], userId: user, modelId: 5 }))).toBe(
      true,
    );
    expect(eventMatches(event, slice({ projectId: ids.projectId }))).toBe(true);
    expect(eventMatches(event, slice({ projectId: other }))).toBe(false);
    expect(eventMatches(event, slice({ userId: other }))).toBe(false);
    expect(eventMatches(event, slice({ modelId: 1 }))).toBe(false);
    expect(eventMatches(event, slice({ types: ['completion.shown'] }))).toBe(false);
  });
});
