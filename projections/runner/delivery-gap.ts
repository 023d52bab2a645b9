// Messages lost between the server and the runner. The consumer numbers each delivery (its delivery sequence);
// within one lead they arrive one after another. A jump means deliveries went missing on the way, as when a
// consumer's leader dies in a cluster with messages in flight: applying past them would move the checkpoint over
// events that were never applied, and their redelivery would then be skipped as done. So the lead stops at the
// gap and the runner repositions the consumer at the checkpoint.
import type { JsMsg } from '@nats-io/jetstream';

export class DeliveryGapError extends Error {
  readonly code = 'delivery_gap' as const;
  constructor(
    readonly readModel: string,
    readonly expected: number,
    readonly got: number,
    readonly seq: number,
  ) {
    super(
      `read model ${readModel}: delivery ${got} (stream sequence ${seq}) came after ${expected - 1}; ` +
        'repositioning the consumer at the checkpoint',
    );
    this.name = 'DeliveryGapError';
  }
}

/** The messages before the first break in delivery sequences (all of them when there is none). */
export function untilDeliveryGap(
  batch: readonly JsMsg[],
  expected: number | undefined,
): { contiguous: JsMsg[]; gap?: { expected: number; at: JsMsg } } {
  let next = expected;
  for (let i = 0; i < batch.length; i++) {
    const m = batch[i]!;
    const got = m.info.deliverySequence;
    if (next !== undefined && got !== next)
      return { contiguous: batch.slice(0, i), gap: { expected: next, at: m } };
    next = got + 1;
  }
  return { contiguous: [...batch] };
}
