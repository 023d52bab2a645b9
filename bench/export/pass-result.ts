// What run.ts hands a measured pass (pass.ts) and what the pass reports back.

/** `copy`: PostgreSQL's COPY of the dataset's SELECT; `rows`: the row source alone; the rest: a download. */
export const PASS_NAMES = ['copy', 'rows', 'arrow', 'parquet', 'ndjson', 'csv'] as const;
export type PassName = (typeof PASS_NAMES)[number];

export interface PassJob {
  databaseUrl: string;
  /** The stream sequence the rows are pinned to (a download's as_of_seq). */
  pin: number;
}

export interface PassResult {
  pass: PassName;
  pin: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Bytes of the body (COPY's text, the encoded download) drained. */
  megabytes: number;
  /** The pass's process: its peak resident set, and its resident set just before the pass began. */
  maxRssMiB: number;
  startRssMiB: number;
  /** Time spent waiting for the row source's next batch (the cursor's FETCH and the lookup names). */
  sourceSeconds?: number;
  /** The downloads' memory every 100,000 rows: [rows so far, RSS MiB, parquet-wasm's heap MiB]. */
  rssMiBByRows?: [number, number, number][];
}
