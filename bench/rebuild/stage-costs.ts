// Where a rebuild's CPU time goes, per event, on a sample of the bench stream held in memory: UTF-8 decoding
// and JSON.parse, decodeEvent (the difference is zod's validation and the upcast check), and each read
// model's fold. CPU time of this process (not wall time), best of three rounds, so the other processes on a
// shared machine disturb it less.
import { decodeEvent, type DomainEvent } from '../../events/index.js';
import { readModels } from '../../projections/read-models.js';

export interface StageCosts {
  sample: number;
  /** Microseconds per event. */
  jsonParse: number;
  decodeEvent: number;
  zodAndChecks: number;
  folds: Record<string, number>;
}

export function measureStageCosts(messages: readonly Uint8Array[]): StageCosts {
  const decoder = new TextDecoder();
  const jsonParse = best(messages.length, () => {
    for (const m of messages) JSON.parse(decoder.decode(m));
  });
  const decode = best(messages.length, () => {
    for (const m of messages) decodeEvent(m);
  });
  const events: DomainEvent[] = messages.map((m) => decodeEvent(m));
  const folds: Record<string, number> = {};
  for (const readModel of readModels) {
    folds[readModel.name] = best(events.length, () => {
      const fold = readModel.createBulkFold!();
      for (let i = 0; i < events.length; i++) fold.add(events[i]!, i + 1);
    });
  }
  return { sample: messages.length, jsonParse, decodeEvent: decode, zodAndChecks: decode - jsonParse, folds };
}

/** Best of three rounds, in CPU microseconds per item. */
function best(items: number, round: () => void): number {
  let min = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = process.cpuUsage();
    round();
    const used = process.cpuUsage(start);
    min = Math.min(min, used.user + used.system);
  }
  return min / items;
}
