import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { encodeDataset } from './encode-dataset.js';
import type { DatasetRow, DatasetSchema } from './dataset-schema.js';
import { iterateBatches, sampleCanonicalRows, sampleSchema } from './testing/sample-dataset.js';
import { canonicalArrowRows, collectBytes, readParquetWithDuckDb } from './testing/read-back.js';

const metadata = { stream_sequence: '42' };

describe('the Parquet encoder', () => {
  it('opens in DuckDB with the right row count and column types', async () => {
    const bytes = await collectBytes(encodeDataset('parquet', sampleSchema, iterateBatches(), metadata));
    const back = await readParquetWithDuckDb(sampleSchema, bytes);
    expect(back.rows).toHaveLength(sampleCanonicalRows.length);
    expect(back.types).toEqual({
      id: 'VARCHAR',
      note: 'VARCHAR',
      model: 'VARCHAR',
      tokens: 'INTEGER',
      seq: 'BIGINT',
      confidence: 'DOUBLE',
      shown: 'BOOLEAN',
      happened_at: 'TIMESTAMP WITH TIME ZONE',
      extra: 'VARCHAR',
      logprobs: 'DOUBLE[]',
      tags: 'VARCHAR[]',
      times: 'TIMESTAMP WITH TIME ZONE[]',
      snapshots: 'STRUCT("text" VARCHAR, "at" TIMESTAMP WITH TIME ZONE, "source" VARCHAR)[]',
    });
    // Only ARROW:schema (left out here): the dataset's metadata lives in it (see encode-parquet.ts).
    expect(back.keyValues).toEqual({});
  });

  it('holds the same rows as the Arrow stream of the same batches', async () => {
    const parquet = await collectBytes(encodeDataset('parquet', sampleSchema, iterateBatches(), metadata));
    const arrow = await collectBytes(encodeDataset('arrow', sampleSchema, iterateBatches(), metadata));
    const fromArrow = canonicalArrowRows(sampleSchema, tableFromIPC(arrow));
    expect((await readParquetWithDuckDb(sampleSchema, parquet)).rows).toEqual(fromArrow);
    expect(fromArrow).toEqual(sampleCanonicalRows);
  });

  it('keeps the Arrow schema, so Arrow readers get the dictionaries, time zones, descriptions and metadata back', async () => {
    const parquet = await collectBytes(encodeDataset('parquet', sampleSchema, iterateBatches(), metadata));
    const table = tableFromIPC(pq.readParquet(parquet).intoIPCStream());
    expect(Object.fromEntries(table.schema.metadata)).toEqual({
      name: 'sample',
      description: sampleSchema.description,
      ...metadata,
    });
    const model = table.schema.fields.find((f) => f.name === 'model')!;
    expect(String(model.type)).toBe('Dictionary<Int32, Utf8>');
    expect(model.metadata.get('description')).toBe('the model name');
    expect(String(table.schema.fields.find((f) => f.name === 'happened_at')!.type)).toBe(
      'Timestamp<MICROSECOND, UTC>',
    );
    expect(canonicalArrowRows(sampleSchema, table)).toEqual(sampleCanonicalRows);
  });

  it('gives the same bytes for the same batches, file after file', async () => {
    const encode = (): Promise<Buffer> =>
      collectBytes(encodeDataset('parquet', sampleSchema, iterateBatches(), metadata));
    const first = await encode();
    for (let i = 0; i < 3; i++) expect((await encode()).equals(first)).toBe(true);
  });

  it('cuts row groups of the configured size across input batches', async () => {
    const schema: DatasetSchema = {
      name: 'counts',
      description: 'numbers',
      columns: [sampleSchema.columns[4]!],
    };
    const batches = Array.from({ length: 5 }, (_, b) =>
      Array.from({ length: 10 }, (_, i): DatasetRow => ({ seq: b * 10 + i })),
    );
    const bytes = await collectBytes(
      encodeDataset('parquet', schema, iterateBatches(batches), {}, { parquetRowGroupRows: 20 }),
    );
    const back = await readParquetWithDuckDb(schema, bytes);
    expect(back.rowGroups).toBe(3);
    expect(back.rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i)));
  });

  it('writes a file DuckDB opens when there are no rows', async () => {
    const back = await readParquetWithDuckDb(
      sampleSchema,
      await collectBytes(encodeDataset('parquet', sampleSchema, iterateBatches([]))),
    );
    expect(back.rows).toEqual([]);
    expect(back.types.happened_at).toBe('TIMESTAMP WITH TIME ZONE');
  });

  it('fails with the error of a bad value or of the source, never with what looks like a whole file', async () => {
    const schema: DatasetSchema = {
      name: 'counts',
      description: 'numbers',
      columns: [sampleSchema.columns[4]!],
    };
    async function* failing(): AsyncGenerator<readonly DatasetRow[]> {
      yield [{ seq: 1 }];
      throw new Error('cursor lost');
    }
    const cases = [
      { batches: iterateBatches([[{ seq: 1 }], [{ seq: 'many' }]]), message: 'Column seq expects an int64' },
      { batches: failing(), message: 'cursor lost' },
    ];
    for (const { batches, message } of cases) {
      const received: Uint8Array[] = [];
      const failure = await (async (): Promise<unknown> => {
        try {
          for await (const chunk of encodeDataset(
            'parquet',
            schema,
            batches,
            {},
            { parquetRowGroupRows: 1 },
          )) {
            received.push(chunk);
          }
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(String(failure)).toContain(message);
      // parquet-wasm would have closed the file with its footer (ending in PAR1) as if nothing was wrong
      expect(Buffer.concat(received).subarray(-4).toString('latin1')).not.toBe('PAR1');
    }
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<readonly DatasetRow[]> {
      try {
        for (let i = 0; ; i++) yield [{ seq: i }];
      } finally {
        closed = true;
      }
    }
    const schema: DatasetSchema = {
      name: 'counts',
      description: 'numbers',
      columns: [sampleSchema.columns[4]!],
    };
    const chunks = encodeDataset('parquet', schema, endless(), {}, { parquetRowGroupRows: 1 })[
      Symbol.asyncIterator
    ]();
    await chunks.next();
    await chunks.return?.();
    expect(closed).toBe(true);
  });
});
