// An Arrow IPC stream writer whose bytes are taken out after each write, instead of Arrow's unbounded queue,
// so encoders hand them on as the consumer pulls and nothing piles up ahead of it.
import { AsyncByteQueue, RecordBatchStreamWriter, type RecordBatch, type Schema } from 'apache-arrow';

class ChunkCollector extends AsyncByteQueue {
  private chunks: Uint8Array[] = [];

  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.chunks.push(value);
  }

  take(): Uint8Array {
    const out = Buffer.concat(this.chunks);
    this.chunks = [];
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
}

export interface IpcStreamWriter {
  /** The schema message (call once, first). */
  start(): Uint8Array;
  /** The batch's dictionaries (replacements where they changed) and the batch itself. */
  write(batch: RecordBatch): Uint8Array;
  /** The end-of-stream marker. */
  finish(): Uint8Array;
}

export function createIpcStreamWriter(schema: Schema): IpcStreamWriter {
  const sink = new ChunkCollector();
  const writer = new RecordBatchStreamWriter({ autoDestroy: false });
  return {
    start: () => {
      writer.reset(sink, schema);
      return sink.take();
    },
    write: (batch) => {
      writer.write(batch);
      return sink.take();
    },
    finish: () => {
      writer.finish();
      return sink.take();
    },
  };
}

/** One batch as a complete IPC stream (schema, dictionaries, batch, end marker). */
export function singleBatchIpcStream(schema: Schema, batch: RecordBatch): Uint8Array {
  const writer = createIpcStreamWriter(schema);
  return Buffer.concat([writer.start(), writer.write(batch), writer.finish()]);
}
