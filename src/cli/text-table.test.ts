import { describe, expect, it } from 'vitest';
import { formatTextTable } from './text-table.js';

describe('formatTextTable', () => {
  it('pads every column to its widest cell, numbers to the right, and trims line ends', () => {
    const table = formatTextTable(
      [{ header: 'model' }, { header: 'n', align: 'right' }, { header: 'note' }],
      [
        ['deepseek-coder-1.3b', '7', ''],
        ['m2', '1,024', 'größe'],
      ],
    );
    expect(table).toBe(
      [
        'model                    n  note',
        '-------------------  -----  -----',
        'deepseek-coder-1.3b      7',
        'm2                   1,024  größe',
        '',
      ].join('\n'),
    );
  });
});
