import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_PATTERN, eventTypes, typeOfToken, typeToken } from './index.js';

describe('event catalog', () => {
  it('names every type in dot-separated lowercase words without underscores', () => {
    for (const type of eventTypes) expect(type).toMatch(EVENT_TYPE_PATTERN);
  });

  it('gives every type a subject token of its own that maps back to it', () => {
    const tokens = eventTypes.map(typeToken);
    expect(new Set(tokens).size).toBe(eventTypes.length);
    for (const type of eventTypes) expect(typeOfToken(typeToken(type))).toBe(type);
  });

  it('refuses type names whose tokens would collide', () => {
    expect('a.b_c').not.toMatch(EVENT_TYPE_PATTERN);
    expect('a.b.c').toMatch(EVENT_TYPE_PATTERN);
    expect(typeOfToken('user_teleported')).toBeUndefined();
  });
});
