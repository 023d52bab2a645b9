// Parsing a slice from what a user types: one normal form for every spelling, and every mistake named.
import { describe, expect, it } from 'vitest';
import { eventTypes } from '../../events/index.js';
import { describeSlice, parseEventSlice } from './event-slice.js';
import { InvalidEventSliceError } from './replay-errors.js';

const user = '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e0f';

function problem(input: unknown): string {
  try {
    parseEventSlice(input);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidEventSliceError);
    expect((err as InvalidEventSliceError).status).toBe(400);
    return (err as Error).message;
  }
  throw new Error('the slice was accepted');
}

describe('parseEventSlice', () => {
  it('takes no filters as the whole stream up to its last sequence', () => {
    expect(parseEventSlice({})).toEqual({
      from: null,
      to: null,
      types: null,
      userId: null,
      projectId: null,
      modelId: null,
      untilSeq: null,
    });
    expect(parseEventSlice({ types: [] }).types).toBeNull();
  });

  it('reads option text into one normal form: instants in UTC, types sorted once, ids lowercased, numbers', () => {
    const slice = parseEventSlice({
      from: '2026-03-01',
      to: '2026-03-01T12:00:00+02:00',
      types: ['context.updated', 'completion.requested', 'context.updated'],
      userId: user.toUpperCase(),
      projectId: user,
      modelId: '5',
      untilSeq: '1234',
    });
    expect(slice).toEqual({
      from: new Date('2026-03-01T00:00:00.000Z'),
      to: new Date('2026-03-01T10:00:00.000Z'),
      types: ['completion.requested', 'context.updated'],
      userId: user,
      projectId: user,
      modelId: 5,
      untilSeq: 1234,
    });
    expect(parseEventSlice({ modelId: 5, untilSeq: 0 })).toMatchObject({ modelId: 5, untilSeq: 0 });
  });

  it('describes two spellings of the same slice the same way, without the pin', () => {
    const a = parseEventSlice({ from: '2026-03-01', types: ['user.erased', 'user.erased'] });
    const b = parseEventSlice({ from: '2026-03-01T01:00:00+01:00', types: ['user.erased'], untilSeq: 9 });
    expect(describeSlice(a)).toBe(describeSlice(b));
    expect(JSON.parse(describeSlice(a))).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: null,
      types: ['user.erased'],
      userId: null,
      projectId: null,
      modelId: null,
    });
  });

  it('names an unknown event type and lists every type there is', () => {
    const message = problem({ types: ['completion.generated', 'completion.generatd'] });
    expect(message).toContain("unknown event type 'completion.generatd'");
    for (const type of eventTypes) expect(message).toContain(type);
  });

  it('refuses times without a zone, impossible dates and an empty range, naming the option', () => {
    expect(problem({ from: '2026-03-01T10:00:00' })).toMatch(
      /^from: '2026-03-01T10:00:00' is not an ISO-8601 time/,
    );
    expect(problem({ to: '2026-02-30' })).toMatch(/^to: '2026-02-30' is not/);
    expect(problem({ to: 'yesterday' })).toMatch(/^to: 'yesterday' is not/);
    expect(problem({ from: '2026-03-02', to: '2026-03-02T00:00:00Z' })).toBe(
      'the time range is empty: from must be before to',
    );
  });

  it('refuses ids that are not UUIDs and numbers that are not whole and non-negative', () => {
    expect(problem({ userId: 'ada' })).toBe('the user id must be a UUID');
    expect(problem({ projectId: '42' })).toBe('the project id must be a UUID');
    for (const bad of ['1.5', '-1', 'x', '', 1.5, -1])
      expect(problem({ modelId: bad })).toBe('the model id must be a whole number of at least 0');
    expect(problem({ untilSeq: '12e3' })).toBe(
      'the sequence to replay until must be a whole number of at least 0',
    );
  });

  it('lists every problem at once, and refuses fields it does not know', () => {
    expect(problem({ userId: 'ada', modelId: 'x' })).toBe(
      'the user id must be a UUID; the model id must be a whole number of at least 0',
    );
    expect(problem({ language: 'python' })).toMatch(/language/);
  });
});
