import { describe, expect, it } from 'vitest';
import {
  Dictionary,
  Int32,
  RecordBatchReader,
  tableFromIPC,
  Utf8,
  Type,
  type List,
  type Struct,
} from 'apache-arrow';
import { encodeDataset } from './encode-dataset.js';
import { DatasetValueError } from './dataset-value-error.js';
import type { DatasetRow, DatasetSchema } from './dataset-schema.js';
import {
  iterateBatches,
  sampleBatches,
  sampleCanonicalRows,
  sampleSchema,
} from './testing/sample-dataset.js';
import { canonicalArrowRows, collectBytes } from './testing/read-back.js';

const encodeSample = (metadata?: Record<string, string>): Promise<Buffer> =>
  collectBytes(encodeDataset('arrow', sampleSchema, iterateBatches(), metadata));

describe('the Arrow IPC stream encoder', () => {
  it('writes the typed schema with each description in its field metadata and the dataset in the schema metadata', async () => {
    const table = tableFromIPC(await encodeSample({ stream_sequence: '42' }));
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      id: 'Utf8',
      note: 'Utf8',
      model: 'Dictionary<Int32, Utf8>',
      tokens: 'Int32',
      seq: 'Int64',
      confidence: 'Float64',
      shown: 'Bool',
      happened_at: 'Timestamp<MICROSECOND, UTC>',
      extra: 'Utf8',
      logprobs: 'List<Float64>',
      tags: 'List<Utf8>',
      times: 'List<Timestamp<MICROSECOND, UTC>>',
      snapshots: 'List<Struct<{text:Utf8, at:Timestamp<MICROSECOND, UTC>, source:Dictionary<Int32, Utf8>}>>',
    });
    for (const column of sampleSchema.columns) {
      const field = table.schema.fields.find((f) => f.name === column.name);
      expect(field?.metadata.get('description')).toBe(column.description);
      expect(field?.nullable).toBe(column.nullable);
    }
    const snapshots = table.schema.fields.find((f) => f.name === 'snapshots')!.type as List<Struct>;
    const snapshot = snapshots.children[0]!.type.children;
    expect(snapshot.map((f) => f.metadata.get('description'))).toEqual([
      'snapshot text',
      'snapshot time',
      'snapshot source',
    ]);
    expect(Object.fromEntries(table.schema.metadata)).toEqual({
      name: 'sample',
      description: sampleSchema.description,
      stream_sequence: '42',
    });
  });

  it('gives back every row with its values, microseconds and 64-bit integers exact', async () => {
    const table = tableFromIPC(await encodeSample());
    expect(canonicalArrowRows(sampleSchema, table)).toEqual(sampleCanonicalRows);
  });

  it('writes one record batch per input batch, each with its own dictionary, and readers decode them all', async () => {
    const bytes = await encodeSample();
    const batches = [...RecordBatchReader.from(bytes)];
    expect(batches.map((b) => b.numRows)).toEqual(sampleBatches.map((b) => b.length));
    const dictionaries = batches.map((b) => {
      const data = b.getChild('model')!.data[0]!;
      return data.dictionary ? [...data.dictionary].map(String) : [];
    });
    expect(dictionaries).toEqual([['deepseek'], ['starcoder', 'deepseek'], []]);
    expect(tableFromIPC(bytes).getChild('model')!.toArray()).toEqual([
      'deepseek',
      null,
      'starcoder',
      'deepseek',
    ]);
  });

  it('gives the same bytes for the same batches, whatever Arrow types were made before', async () => {
    const first = await encodeSample({ stream_sequence: '7' });
    // Arrow numbers dictionaries from a global counter unless told; ours are numbered per schema.
    new Dictionary(new Utf8(), new Int32());
    const second = await encodeSample({ stream_sequence: '7' });
    expect(second.equals(first)).toBe(true);
  });

  it('writes a readable stream with the schema and no rows when there are no batches', async () => {
    const table = tableFromIPC(await collectBytes(encodeDataset('arrow', sampleSchema, iterateBatches([]))));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.find((f) => f.name === 'happened_at')?.typeId).toBe(Type.Timestamp);
  });

  it('reads no batch before the consumer asks and closes the source when the consumer stops', async () => {
    const source = countingSource();
    const chunks = encodeDataset('arrow', sampleSchema, source.batches)[Symbol.asyncIterator]();
    await chunks.next(); // the schema message
    expect(source.pulled()).toBe(0);
    await chunks.next();
    expect(source.pulled()).toBe(1);
    await chunks.return?.();
    expect(source.closed()).toBe(true);
  });

  it('rejects a null in a column that is not nullable, and a value of the wrong type, naming the column', async () => {
    const schema: DatasetSchema = { ...sampleSchema, columns: sampleSchema.columns.slice(0, 1) };
    await expect(
      collectBytes(encodeDataset('arrow', schema, iterateBatches([[{ id: null }]]))),
    ).rejects.toThrow(/Column id expects a value \(the column is not nullable\)/);
    const tokens: DatasetSchema = { ...sampleSchema, columns: [sampleSchema.columns[3]!] };
    await expect(
      collectBytes(encodeDataset('arrow', tokens, iterateBatches([[{ tokens: 'many' }]]))),
    ).rejects.toBeInstanceOf(DatasetValueError);
  });
});

function countingSource(): {
  batches: AsyncIterable<readonly DatasetRow[]>;
  pulled: () => number;
  closed: () => boolean;
} {
  let pulled = 0;
  let closed = false;
  async function* batches(): AsyncGenerator<readonly DatasetRow[]> {
    try {
      for (;;) {
        pulled++;
        yield sampleBatches[0]!;
      }
    } finally {
      closed = true;
    }
  }
  return { batches: batches(), pulled: () => pulled, closed: () => closed };
}
