// What a batch is made of and what became of its messages.
/** The part of a stream message the runner needs (a JsMsg has all of it). */
export interface StreamMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
}

export interface BatchOutcome {
  applied: number;
  ignored: number;
  skipped: number;
  deadLettered: number;
}

export function emptyOutcome(): BatchOutcome {
  return { applied: 0, ignored: 0, skipped: 0, deadLettered: 0 };
}

export function addOutcome(total: BatchOutcome, more: BatchOutcome): void {
  for (const key of Object.keys(total) as (keyof BatchOutcome)[]) total[key] += more[key];
}
