// Waiting until a read model has caught up with a stream position (rebuilds, tests, readiness checks).
import type { Db } from '../../src/platform/db.js';
import { readCheckpoint } from './checkpoint.js';

export async function waitForCheckpoint(
  db: Db,
  projection: string,
  seq: number,
  opts: { timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  for (;;) {
    const at = await readCheckpoint(db, projection);
    if (at >= seq) return;
    if (Date.now() > deadline) throw new Error(`read model ${projection} reached ${at}, not ${seq}, in time`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}
