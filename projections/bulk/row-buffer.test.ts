// Rows kept as COPY lines in chunks: order, deletion, in-place patches and rows bigger than a chunk.
import { describe, expect, it } from 'vitest';
import { RowBuffer } from './row-buffer.js';

const text = (b: RowBuffer) => Buffer.concat([...b.slices()]).toString('utf8');

describe('RowBuffer', () => {
  it('gives back the rows in the order added, without the deleted ones', () => {
    const b = new RowBuffer();
    const rows = Array.from({ length: 5000 }, (_, i) => b.add(`row ${i} ${'é'.repeat(i % 300)}\n`));
    for (const r of rows) if (r % 3 === 0) b.delete(r);
    b.delete(rows[0]!); // twice is once
    const expected = rows.filter((r) => r % 3 !== 0).map((i) => `row ${i} ${'é'.repeat(i % 300)}\n`);
    expect(text(b)).toBe(expected.join(''));
    expect(b.size).toBe(expected.length);
  });

  it('patches the last column of a row in place', () => {
    const b = new RowBuffer();
    b.add('a\tf\n');
    const r = b.add('b\tf\n');
    b.patchLast(r, 't');
    expect(text(b)).toBe('a\tf\nb\tt\n');
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
