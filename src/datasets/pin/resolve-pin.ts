// The stream sequence a download is pinned to (its X-Stream-Sequence): without as_of_seq, the lowest position
// of the read models the dataset reads (the stream's last sequence for the stream itself); with as_of_seq, that
// sequence, once every read model has reached it: beyond the stream's end is 422, not reached within a short
// wait is 503 with Retry-After.
import type { DatasetDefinition, DatasetSourceDeps } from '../dataset-definition.js';
import { PinBeyondStreamError, PinNotReachedError } from '../dataset-errors.js';
import { readModelPosition, streamLastSeq } from './read-model-position.js';

export interface PinOptions {
  /** How long to wait for the read models to reach as_of_seq before answering 503. */
  waitMs: number;
  pollMs?: number;
}

interface Laggard {
  readModel: string;
  position: number;
}

export async function resolvePin(
  deps: DatasetSourceDeps,
  definition: Pick<DatasetDefinition, 'readModels'>,
  asOfSeq: number | undefined,
  opts: PinOptions,
): Promise<number> {
  const lastSeq = await streamLastSeq(deps);
  if (asOfSeq !== undefined && asOfSeq > lastSeq) throw new PinBeyondStreamError(asOfSeq, lastSeq);
  if (definition.readModels.length === 0) return asOfSeq ?? lastSeq;
  const first = await lowestPosition(deps, definition.readModels, lastSeq);
  if (asOfSeq === undefined) return first.position;
  const deadline = Date.now() + opts.waitMs;
  for (let at = first; ; at = await lowestPosition(deps, definition.readModels, await streamLastSeq(deps))) {
    if (at.position >= asOfSeq) return asOfSeq;
    if (Date.now() >= deadline) throw new PinNotReachedError(asOfSeq, at.readModel, at.position, 2);
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 50));
  }
}

async function lowestPosition(
  deps: DatasetSourceDeps,
  readModels: readonly string[],
  lastSeq: number,
): Promise<Laggard> {
  let lowest: Laggard | null = null;
  for (const readModel of readModels) {
    const position = await readModelPosition(deps, readModel, lastSeq);
    if (lowest === null || position < lowest.position) lowest = { readModel, position };
  }
  if (lowest === null) throw new Error('a dataset read from tables names at least one read model');
  return lowest;
}
