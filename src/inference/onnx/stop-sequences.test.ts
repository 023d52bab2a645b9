import { describe, expect, it } from 'vitest';
import { findStop, mergeStops, truncateAtStop } from './stop-sequences.js';

describe('stop sequences', () => {
  it('cut the completion at the earliest stop string of any list', () => {
    expect(truncateAtStop('x = 1\n\ny = 2<file_sep>', ['<file_sep>', '\n\n'])).toEqual({
      text: 'x = 1',
      stopped: true,
    });
  });

  it('leave text without a stop string alone', () => {
    expect(truncateAtStop('return x;', ['\n\n'])).toEqual({ text: 'return x;', stopped: false });
    expect(findStop('', ['\n'])).toBe(-1);
  });

  it('merge request and registry stops without duplicates or empty strings', () => {
    expect(mergeStops(['\n\n', ''], ['\n\n', 'END'])).toEqual(['\n\n', 'END']);
  });
});
