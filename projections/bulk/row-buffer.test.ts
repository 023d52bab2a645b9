// Rows kept as COPY lines in chunks, the full ones in a temporary file: order, deletion, in-place patches and
// rows bigger than a chunk, all read back as they were added.
import { describe, expect, it } from 'vitest';
import { RowBuffer } from './row-buffer.js';

const text = (b: RowBuffer) => Buffer.concat([...b.slices()]).toString('utf8');
const line = (i: number) => `row ${i} ${'é'.repeat(i % 300)}\tf\n`;

describe('RowBuffer', () => {
  it('gives back the rows in the order added, without the deleted ones, across several chunks', () => {
    const b = new RowBuffer();
    const rows = Array.from({ length: 8000 }, (_, i) => b.add(line(i)));
    for (const r of rows) if (r % 3 === 0) b.delete(r);
    b.delete(rows[0]!); // twice is once
    const expected = rows.filter((r) => r % 3 !== 0).map(line);
    expect(b.size).toBe(expected.length);
    expect(text(b)).toBe(expected.join(''));
  });

  it('replaces the last column of a row, the latest replacement winning, in memory and spilled', () => {
    const b = new RowBuffer();
    const rows = Array.from({ length: 8000 }, (_, i) => b.add(line(i)));
    for (const r of rows) if (r % 5 === 0) b.patchLast(r, 't');
    b.patchLast(rows[10]!, 'f');
    b.delete(rows[15]!);
    b.patchLast(rows[15]!, 't'); // a deleted row stays deleted
    const expected = rows
      .filter((r) => r !== 15)
      .map((r) => (r % 5 === 0 && r !== 10 ? line(r).replace('\tf\n', '\tt\n') : line(r)));
    expect(text(b)).toBe(expected.join(''));
  });

  it('rewrites a row whole, in memory and spilled, with its patched last column, and moves it to the end', () => {
    const b = new RowBuffer();
    const rows = Array.from({ length: 8000 }, (_, i) => b.add(line(i)));
    b.patchLast(rows[3]!, 't');
    const seen: string[] = [];
    const edit = (l: string) => (seen.push(l), l.replace('row', 'ROW'));
    const moved = [b.replace(rows[3]!, edit), b.replace(rows[7990]!, edit)];
    b.patchLast(moved[1]!, 't');
    expect(seen).toEqual([line(3).replace('\tf\n', '\tt\n'), line(7990)]);
    const expected = rows.filter((r) => r !== 3 && r !== 7990).map(line);
    expected.push(line(3).replace('row', 'ROW').replace('\tf\n', '\tt\n'));
    expected.push(line(7990).replace('row', 'ROW').replace('\tf\n', '\tt\n'));
    expect(b.size).toBe(8000);
    expect(text(b)).toBe(expected.join(''));
  });

  it('keeps a row larger than a chunk whole', () => {
    const b = new RowBuffer();
    const big = 'x'.repeat(3 << 20);
    b.add('small\n');
    b.add(big + '\n');
    b.add('after\n');
    expect(text(b)).toBe(`small\n${big}\nafter\n`);
  });
});
