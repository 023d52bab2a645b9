// The bench's surroundings and its output: the machine it ran on, the table it prints, and dropping the
// databases it made.
import os from 'node:os';
import pg from 'pg';
import type { PhaseResult } from './phase-result.js';

export async function describeHardware(databaseUrl: string, natsServer: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    return {
      nproc: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      natsServer,
      postgres: rows[0]?.version.split(' ').slice(0, 2).join(' ') ?? 'unknown',
    };
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function printTable(rows: (PhaseResult & { ratioToBare: number })[]): void {
  console.log('| pass | events/s | ratio to bare read | seconds | peak RSS MiB | detail |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const detail = Object.entries(r.detail)
      .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(2)}`)
      .join(', ');
    console.log(
      `| ${r.phase} | ${r.eventsPerSecond.toFixed(0)} | ${r.ratioToBare.toFixed(2)} | ${r.seconds.toFixed(1)} | ${r.maxRssMiB.toFixed(0)} | ${detail} |`,
    );
  }
}
