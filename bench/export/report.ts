// The bench's output: per size and pass, the median over the rounds of the rate and of its ratio to COPY's
// rate in the same round (the machine's load moves both sides of a round alike), and the highest peak RSS.
import type { PassName, PassResult } from './pass-result.js';

export interface PassSummary {
  size: number;
  pass: PassName;
  rows: number;
  rounds: number;
  rowsPerSecond: number;
  ratioToCopy: number | null;
  seconds: number;
  megabytes: number;
  maxRssMiB: number;
  startRssMiB: number;
  sourceSeconds: number | null;
}

/** `rounds[r][size]` holds round r's results at that size, one per pass. */
export function summarise(rounds: Map<number, PassResult[]>[], sizes: readonly number[]): PassSummary[] {
  const out: PassSummary[] = [];
  for (const size of sizes) {
    const perRound = rounds.map((r) => r.get(size) ?? []);
    const passes = [...new Set(perRound.flat().map((r) => r.pass))];
    for (const pass of passes) {
      const runs = perRound.map((rs) => ({
        run: rs.find((r) => r.pass === pass),
        copy: rs.find((r) => r.pass === 'copy'),
      }));
      const mine = runs.flatMap(({ run }) => (run ? [run] : []));
      const ratios = runs.flatMap(({ run, copy }) =>
        run && copy ? [run.rowsPerSecond / copy.rowsPerSecond] : [],
      );
      const source = mine.flatMap((r) => (r.sourceSeconds === undefined ? [] : [r.sourceSeconds]));
      out.push({
        size,
        pass,
        rows: mine[0]!.rows,
        rounds: mine.length,
        rowsPerSecond: median(mine.map((r) => r.rowsPerSecond)),
        ratioToCopy: ratios.length > 0 ? median(ratios) : null,
        seconds: median(mine.map((r) => r.seconds)),
        megabytes: mine[0]!.megabytes,
        maxRssMiB: Math.max(...mine.map((r) => r.maxRssMiB)),
        startRssMiB: median(mine.map((r) => r.startRssMiB)),
        sourceSeconds: source.length > 0 ? median(source) : null,
      });
    }
  }
  return out;
}

export function printTable(rows: readonly PassSummary[]): void {
  console.log(
    '| rows | pass | rows/s | ratio to COPY | seconds | MB out | peak RSS MiB | RSS at start MiB | waiting for rows s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const cells = [
      r.rows,
      r.pass,
      r.rowsPerSecond.toFixed(0),
      r.ratioToCopy === null ? '' : r.ratioToCopy.toFixed(2),
      r.seconds.toFixed(1),
      r.megabytes.toFixed(0),
      r.maxRssMiB.toFixed(0),
      r.startRssMiB.toFixed(0),
      r.sourceSeconds === null ? '' : r.sourceSeconds.toFixed(1),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
