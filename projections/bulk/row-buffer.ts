// The COPY lines of one table, kept as UTF-8 in large off-heap chunks rather than as millions of small JS
// objects: a million events fold into little more than the bytes COPY will send. Rows are numbered in the
// order they were added; a deleted row (an erasure) is skipped when written, and a row's last column can be
// patched in place (a boolean that later events change).

const CHUNK_BYTES = 1 << 20;

export class RowBuffer {
  private readonly chunks: Buffer[] = [];
  private readonly chunkFirstRow: number[] = [];
  private readonly chunkUsed: number[] = [];
  private readonly chunkDeleted: number[] = [];
  private current: Buffer | undefined;
  private used = 0;
  private starts = new Uint32Array(1024);
  private ends = new Uint32Array(1024);
  private rowChunk = new Uint32Array(1024);
  private deleted = new Uint8Array(1024);
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
    this.rowChunk[row] = this.chunks.length - 1;
    return row;
  }

  delete(row: number): void {
    if (this.deleted[row] === 1) return;
    this.deleted[row] = 1;
    this.deletedCount += 1;
    const chunk = this.rowChunk[row]!;
    this.chunkDeleted[chunk] = (this.chunkDeleted[chunk] ?? 0) + 1;
  }

  /** Replaces the last character before the row's newline with an ASCII character. */
  patchLast(row: number, ascii: string): void {
    this.chunks[this.rowChunk[row]!]![this.ends[row]! - 2] = ascii.charCodeAt(0);
  }

  /** Rows added and not deleted. */
  get size(): number {
    return this.count - this.deletedCount;
  }

  /** The live rows' bytes, in the order added, in as few slices as the deletions allow. */
  *slices(): Generator<Buffer> {
    this.closeChunk();
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      if (!this.chunkDeleted[c]) {
        if (this.chunkUsed[c]! > 0) yield chunk.subarray(0, this.chunkUsed[c]);
        continue;
      }
      const last = c + 1 < this.chunks.length ? this.chunkFirstRow[c + 1]! : this.count;
      let from = -1;
      let to = 0;
      for (let row = this.chunkFirstRow[c]!; row < last; row++) {
        if (this.deleted[row] === 1) continue;
        if (from >= 0 && this.starts[row] === to) {
          to = this.ends[row]!;
          continue;
        }
        if (from >= 0) yield chunk.subarray(from, to);
        from = this.starts[row]!;
        to = this.ends[row]!;
      }
      if (from >= 0) yield chunk.subarray(from, to);
    }
  }

  private openChunk(bytes: number): void {
    this.closeChunk();
    this.current = Buffer.allocUnsafeSlow(bytes);
    this.used = 0;
    this.chunks.push(this.current);
    this.chunkFirstRow.push(this.count);
    this.chunkUsed.push(0);
    this.chunkDeleted.push(0);
  }

  private closeChunk(): void {
    if (this.chunks.length > 0) this.chunkUsed[this.chunks.length - 1] = this.used;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const widen = <T extends Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.starts = widen(this.starts, (k) => new Uint32Array(k));
    this.ends = widen(this.ends, (k) => new Uint32Array(k));
    this.rowChunk = widen(this.rowChunk, (k) => new Uint32Array(k));
    this.deleted = widen(this.deleted, (k) => new Uint8Array(k));
  }
}
