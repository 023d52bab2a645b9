// COPY's text format value by value: what must be escaped, NULL, and the array literals.
import { describe, expect, it } from 'vitest';
import { copyFloats, copyLine, copyText, copyTexts, copyTimes, COPY_NULL } from './copy-text.js';

describe('COPY text values', () => {
  it('escapes backslashes, tabs, newlines and carriage returns and leaves everything else as it is', () => {
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText('\\N')).toBe('\\\\N');
    expect(copyText('日本語 😀 "q" {a,b}')).toBe('日本語 😀 "q" {a,b}');
  });

  it('writes NULL as \\N and an empty string as nothing', () => {
    expect(copyText(null)).toBe(COPY_NULL);
    expect(copyText('')).toBe('');
  });

  it('writes arrays as quoted literals, as node-postgres sends them', () => {
    expect(copyFloats([-0.5, 1e-7, 3, -0, 1e21, 5e-324])).toBe('{-0.5,1e-7,3,0,1e+21,5e-324}');
    expect(copyFloats([])).toBe('{}');
    expect(copyFloats([-0.5, null])).toBe('{-0.5,null}');
    expect(copyTexts(['a', '"q"', 'b\\c', '\t', ''])).toBe('{"a","\\\\"q\\\\"","b\\\\\\\\c","\\t",""}');
    expect(copyTexts(null)).toBe(COPY_NULL);
    expect(copyTimes(['2026-03-01T10:00:00.300Z'])).toBe('{"2026-03-01T10:00:00.300Z"}');
  });

  it('joins a row in the given column order with a newline at the end', () => {
    const row = { id: 'x', n: 3, ok: true, note: null as string | null, body: '{"a":"\\n"}' };
    const line = copyLine(
      [
        ['id', 'text'],
        ['ok', 'bool'],
        ['n', 'int'],
        ['note', 'text'],
        ['body', 'json'],
      ],
      row,
    );
    expect(line).toBe('x\tt\t3\t\\N\t{"a":"\\\\n"}\n');
  });
});
