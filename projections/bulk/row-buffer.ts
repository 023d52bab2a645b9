// The COPY lines of one table as UTF-8 in 1 MiB chunks rather than as millions of small JS objects. A full
// chunk is written to a temporary file (unlinked at once, so nothing is left behind even if the process
// dies), which keeps a million-event fold's memory to its indexes: the rows' bytes live in the page cache.
// Rows are numbered in the order added; a deleted row (an erasure) is skipped when read back, and a row's
// last column can be replaced (a boolean that later events change); both are applied as the rows are read.
// A row can also be rewritten whole (replace): it is read back, deleted and added again at the end.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHUNK_BYTES = 1 << 20;

export class RowBuffer {
  private readonly spilled: { offset: number; length: number }[] = [];
  private readonly chunkFirstRow: number[] = [];
  private current: Buffer | undefined;
  private used = 0;
  private fd: number | undefined;
  private fileBytes = 0;
  private starts = new Uint32Array(1024);
  private ends = new Uint32Array(1024);
  /** Per row: 0 = as added, 1 = deleted, else the ASCII code that replaces its last character. */
  private marks = new Uint8Array(1024);
  private count = 0;
  private deletedCount = 0;

  /** Appends one COPY line (ending in a newline); returns the row's number. */
  add(line: string): number {
    if (this.count === this.starts.length) this.grow();
    const worst = line.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 code unit
    if (worst > CHUNK_BYTES) this.openChunk(Buffer.byteLength(line));
    else if (!this.current || this.current.length - this.used < worst) this.openChunk(CHUNK_BYTES);
    const start = this.used;
    this.used += this.current!.write(line, start, 'utf8');
    const row = this.count++;
    this.starts[row] = start;
    this.ends[row] = this.used;
    return row;
  }

  delete(row: number): void {
    if (this.marks[row] === 1) return;
    this.marks[row] = 1;
    this.deletedCount += 1;
  }

  /** Replaces the last character before the row's newline with an ASCII character (when it is read back). */
  patchLast(row: number, ascii: string): void {
    if (this.marks[row] !== 1) this.marks[row] = ascii.charCodeAt(0);
  }

  /**
   * Rewrites a live row: `edit` gets its line as it would be read back (patch applied) and returns the new
   * line, which is added at the end; returns the row's new number. The order of rows in a table is no fact.
   */
  replace(row: number, edit: (line: string) => string): number {
    const bytes = this.rowBytes(row);
    const mark = this.marks[row]!;
    if (mark > 1) bytes[bytes.length - 2] = mark;
    this.delete(row);
    return this.add(edit(bytes.toString('utf8')));
  }

  /** Rows added and not deleted. */
  get size(): number {
    return this.count - this.deletedCount;
  }

  /** The live rows' bytes in the order added, one buffer per chunk; then frees the file. */
  *slices(): Generator<Buffer> {
    const chunks = this.spilled.length + (this.current ? 1 : 0);
    try {
      for (let c = 0; c < chunks; c++) {
        const chunk = c < this.spilled.length ? this.readChunk(c) : this.current!.subarray(0, this.used);
        const last = c + 1 < chunks ? this.chunkFirstRow[c + 1]! : this.count;
        const live = this.liveRows(chunk, this.chunkFirstRow[c]!, last);
        if (live.length > 0) yield live;
      }
    } finally {
      this.dispose();
    }
  }

  /** Closes and removes the temporary file (slices() does so when it is done). */
  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The chunk's live rows as one buffer: patched in place, deleted rows squeezed out (one write, not many). */
  private liveRows(chunk: Buffer, first: number, last: number): Buffer {
    let out: Buffer | undefined;
    let at = 0;
    let run = 0; // where the rows not yet copied to `out` begin
    for (let row = first; row < last; row++) {
      const mark = this.marks[row]!;
      if (mark === 0) continue;
      if (mark !== 1) {
        chunk[this.ends[row]! - 2] = mark;
        continue;
      }
      out ??= Buffer.allocUnsafeSlow(chunk.length);
      at += chunk.copy(out, at, run, this.starts[row]);
      run = this.ends[row]!;
    }
    if (!out) return chunk;
    at += chunk.copy(out, at, run, chunk.length);
    return out.subarray(0, at);
  }

  /** A copy of one row's bytes, from memory or from the file. */
  private rowBytes(row: number): Buffer {
    let lo = 0;
    let hi = this.chunkFirstRow.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunkFirstRow[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    const start = this.starts[row]!;
    const length = this.ends[row]! - start;
    if (lo === this.spilled.length) return Buffer.from(this.current!.subarray(start, start + length));
    const out = Buffer.allocUnsafe(length);
    let read = 0;
    const at = this.spilled[lo]!.offset + start;
    while (read < length) read += readSync(this.fd!, out, read, length - read, at + read);
    return out;
  }

  private openChunk(bytes: number): void {
    if (this.current) this.spill();
    this.current = Buffer.allocUnsafeSlow(bytes);
    this.used = 0;
    this.chunkFirstRow.push(this.count);
  }

  private spill(): void {
    this.fd ??= openTemporaryFile();
    writeSync(this.fd, this.current!, 0, this.used, this.fileBytes);
    this.spilled.push({ offset: this.fileBytes, length: this.used });
    this.fileBytes += this.used;
  }

  /** A fresh buffer each time: the COPY stream may still hold the previous one. */
  private readChunk(c: number): Buffer {
    const { offset, length } = this.spilled[c]!;
    const chunk = Buffer.allocUnsafeSlow(length);
    let read = 0;
    while (read < length) read += readSync(this.fd!, chunk, read, length - read, offset + read);
    return chunk;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const starts = new Uint32Array(n);
    const ends = new Uint32Array(n);
    const marks = new Uint8Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    marks.set(this.marks);
    this.starts = starts;
    this.ends = ends;
    this.marks = marks;
  }
}

function openTemporaryFile(): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'c4m-fold-'));
  const file = path.join(dir, 'rows');
  const fd = openSync(file, 'w+', 0o600);
  rmSync(dir, { recursive: true }); // the open descriptor keeps the data until it is closed
  return fd;
}
