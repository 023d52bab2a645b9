import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { encodeDataset } from './encode-dataset.js';
import type { DatasetFormat } from './dataset-schema.js';
import { iterateBatches, sampleSchema } from './testing/sample-dataset.js';
import { collectBytes } from './testing/read-back.js';

// The sample rows as NDJSON's JSON.parse gives them (seq is checked on the text: it is beyond 2^53).
const expectedObjects = [
  {
    id: 'a1',
    note: 'first line\nsecond, "quoted" line',
    model: 'deepseek',
    tokens: 12,
    confidence: 0.25,
    shown: true,
    happened_at: '2024-03-01T10:00:00.123Z',
    extra: { k: [1, 'two'], nested: { x: null } },
    logprobs: [-0.5, -1.25, null],
    tags: ['x', 'y, "quoted"'],
    times: ['2024-03-01T10:00:01.000001Z'],
    snapshots: [
      { text: 'line one\nline two', at: '2024-03-01T10:00:30.500Z', source: 'feedback' },
      { text: 'ünïcødé ✓', at: null, source: null },
    ],
  },
  {
    id: 'a2',
    note: null,
    model: null,
    tokens: null,
    confidence: null,
    shown: null,
    happened_at: null,
    extra: null,
    logprobs: null,
    tags: [],
    times: null,
    snapshots: null,
  },
  {
    id: 'b1',
    note: '',
    model: 'starcoder',
    tokens: 3,
    confidence: 1,
    shown: false,
    happened_at: '2024-03-02T08:15:00.654321Z',
    extra: 'a "string"',
    logprobs: [],
    tags: null,
    times: [],
    snapshots: [],
  },
  {
    id: 'b2',
    note: '=1+1 ünïcødé\r\n✓',
    model: 'deepseek',
    tokens: -1,
    confidence: -0.5,
    shown: true,
    happened_at: '2024-03-02T09:00:00.000Z',
    extra: [1, 2, 3],
    logprobs: [0],
    tags: [''],
    times: ['2024-03-02T09:00:00.000Z'],
    snapshots: [{ text: '', at: '2024-03-02T09:00:05.000Z', source: 'edit' }],
  },
];
const expectedSeqs = ['1', '9007199254740993', '3', '4'];
const columnNames = sampleSchema.columns.map((c) => c.name);

const encode = (format: DatasetFormat): Promise<Buffer> =>
  collectBytes(encodeDataset(format, sampleSchema, iterateBatches()));

describe('the NDJSON encoder', () => {
  it('writes one object per row, keys in column order, timestamps as ISO-8601 UTC, int64 exact', async () => {
    const lines = (await encode('ndjson')).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(expectedObjects.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(columnNames);
      expect(line).toContain(`"seq":${expectedSeqs[i]},`);
      delete parsed.seq;
      expect(parsed).toEqual(expectedObjects[i]);
    });
  });
});

describe('the CSV encoder', () => {
  it('writes a header and RFC 4180 records that DuckDB reads back cell for cell', async () => {
    const bytes = await encode('csv');
    expect(bytes.toString('utf8').startsWith(`${columnNames.join(',')}\r\n`)).toBe(true);
    const rows = await readCsvWithDuckDb(bytes);
    expect(rows).toEqual(expectedObjects.map((object, i) => ({ ...csvCells(object), seq: expectedSeqs[i] })));
  });

  it('quotes empty strings and leaves missing values empty, so the two stay apart', async () => {
    const text = (await encode('csv')).toString('utf8');
    expect(text).toContain('\r\nb1,"",starcoder,');
    expect(text).toContain('\r\na2,,,,9007199254740993,');
  });
});

describe('every format', () => {
  it.each(['arrow', 'parquet', 'ndjson', 'csv'] as const)(
    '%s gives the same bytes for the same batches',
    async (format) => {
      expect((await encode(format)).equals(await encode(format))).toBe(true);
    },
  );
});

/** Cells as the CSV encoder writes them: strings as they are, everything else as its JSON text. */
function csvCells(object: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of columnNames) {
    const value = object[name];
    const kind = sampleSchema.columns.find((c) => c.name === name)!.type.kind;
    if (value === null || value === undefined) out[name] = null;
    else if (typeof value === 'string' && kind !== 'json') out[name] = value;
    else out[name] = JSON.stringify(value);
  }
  return out;
}

async function readCsvWithDuckDb(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  const dir = await mkdtemp(join(tmpdir(), 'c4m-csv-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const path = join(dir, 'sample.csv');
    await writeFile(path, bytes);
    const result = await connection.runAndReadAll(
      `SELECT * FROM read_csv('${path}', header = true, all_varchar = true, quote = '"', escape = '"', allow_quoted_nulls = false)`,
    );
    return result.getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}
