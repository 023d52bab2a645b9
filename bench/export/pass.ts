// One measured pass over the bench database, run in a process of its own so each pass has its own heap and
// peak RSS (copy-pass.ts, download-pass.ts). Prints one JSON line.
// Started by run.ts: `node --import tsx bench/export/pass.ts <pass> '<job json>'`.
import { DATASET_FORMATS, type DatasetFormat } from '../../src/datasets/formats/index.js';
import { createDb } from '../../src/platform/db.js';
import { copyCompletions } from './copy-pass.js';
import { downloadCompletions } from './download-pass.js';
import type { PassJob, PassName, PassResult } from './pass-result.js';

const [pass, jobJson] = process.argv.slice(2) as [PassName, string];
const job = JSON.parse(jobJson) as PassJob;
const db = createDb(job.databaseUrl, 2);
const mib = (bytes: number) => bytes / 2 ** 20;
try {
  // One query first, so the connection (and the modules' lazy parts) are set up before the clock starts.
  await db.selectFrom('model_name').select('model_id').execute();
  const startRssMiB = mib(process.memoryUsage().rss);
  const started = performance.now();
  const outcome: Pick<PassResult, 'rows' | 'sourceSeconds' | 'rssMiBByRows'> & { bytes: number } =
    pass === 'copy'
      ? await copyCompletions(db, job.databaseUrl, job.pin)
      : await downloadCompletions(db, job.pin, pass === 'rows' ? null : asFormat(pass));
  const seconds = (performance.now() - started) / 1000;
  const result: PassResult = {
    pass,
    pin: job.pin,
    rows: outcome.rows,
    seconds,
    rowsPerSecond: outcome.rows / seconds,
    megabytes: outcome.bytes / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    startRssMiB,
    ...(outcome.sourceSeconds === undefined ? {} : { sourceSeconds: outcome.sourceSeconds }),
    ...(outcome.rssMiBByRows === undefined ? {} : { rssMiBByRows: outcome.rssMiBByRows }),
  };
  console.log(JSON.stringify(result));
} finally {
  await db.destroy();
}

function asFormat(name: string): DatasetFormat {
  if (!(DATASET_FORMATS as readonly string[]).includes(name)) throw new Error(`unknown pass ${name}`);
  return name as DatasetFormat;
}
