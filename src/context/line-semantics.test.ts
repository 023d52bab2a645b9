import { describe, expect, it } from 'vitest';
import type { FileContextChange } from '../../events/index.js';
import { applyFileChanges, selectContextFiles } from './line-semantics.js';

const ins = (start: number, end: number, lines: string[]): FileContextChange => ({
  change_type: 'insert',
  start_line: start,
  end_line: end,
  new_lines: lines,
});
const upd = (start: number, end: number, lines: string[]): FileContextChange => ({
  change_type: 'update',
  start_line: start,
  end_line: end,
  new_lines: lines,
});
const rem = (start: number, end: number): FileContextChange => ({
  change_type: 'remove',
  start_line: start,
  end_line: end,
  new_lines: [],
});

describe('applyFileChanges', () => {
  it('creates an unknown file from the first whole-file insert', () => {
    expect(applyFileChanges(undefined, [ins(0, 2, ['a', 'b', 'c'])])).toEqual(['a', 'b', 'c']);
  });

  it('pre-fills an unknown file with empty lines up to the largest non-insert end', () => {
    expect(applyFileChanges(undefined, [upd(1, 3, ['x'])])).toEqual(['', 'x']);
  });

  it('applies changes by descending start line so indexes refer to the old text', () => {
    const before = ['l0', 'l1', 'l2', 'l3', 'l4'];
    const after = applyFileChanges(before, [upd(0, 1, ['L0']), rem(2, 3), ins(4, 4, ['new'])]);
    expect(after).toEqual(['L0', 'l1', 'l3', 'new', 'l4']);
  });

  it('keeps the input order for changes with the same start line (stable sort)', () => {
    expect(applyFileChanges(['a'], [ins(0, 0, ['x']), ins(0, 0, ['y'])])).toEqual(['y', 'x', 'a']);
  });

  it('removes up to the end of the file when end_line is past it', () => {
    expect(applyFileChanges(['a', 'b', 'c'], [rem(1, 99)])).toEqual(['a']);
  });

  it('leaves the last line after the plugin removal of 0..lines-1 (the protocol off-by-one)', () => {
    expect(applyFileChanges(['a', 'b', 'c'], [rem(0, 2)])).toEqual(['c']);
  });

  it('appends when an insert or update starts past the end', () => {
    expect(applyFileChanges(['a'], [ins(5, 5, ['z'])])).toEqual(['a', 'z']);
    expect(applyFileChanges(['a'], [upd(5, 7, ['z'])])).toEqual(['a', 'z']);
  });

  it('replaces instead of duplicating when the plugin resends a whole file it has no snapshot of', () => {
    expect(applyFileChanges(['old 1', 'old 2'], [ins(0, 2, ['n1', 'n2', 'n3'])])).toEqual(['n1', 'n2', 'n3']);
  });

  it('treats a one-line insert at the top as an insert', () => {
    expect(applyFileChanges(['a', 'b'], [ins(0, 0, ['top'])])).toEqual(['top', 'a', 'b']);
  });

  it('keeps lines that look like JSON as strings', () => {
    const out = applyFileChanges(undefined, [ins(0, 4, ['[]', '42', 'null', 'true', '{}'])]);
    expect(out).toEqual(['[]', '42', 'null', 'true', '{}']);
    for (const l of out) expect(typeof l).toBe('string');
  });

  it('empties a file when everything is removed', () => {
    expect(applyFileChanges(['a', 'b'], [rem(0, 2)])).toEqual([]);
  });
});

describe('selectContextFiles', () => {
  const files = ['a.py', 'b.py', 'main.py'];
  it('takes every file but the current one for ["*"]', () => {
    expect(selectContextFiles(files, ['*'], 'main.py')).toEqual(['a.py', 'b.py']);
  });
  it('takes the named files that exist, never the current one', () => {
    expect(selectContextFiles(files, ['b.py', 'main.py', 'gone.py'], 'main.py')).toEqual(['b.py']);
  });
  it('takes nothing for an empty list', () => {
    expect(selectContextFiles(files, [], 'main.py')).toEqual([]);
  });
});
