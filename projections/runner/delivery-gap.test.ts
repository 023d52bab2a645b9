import type { JsMsg } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { untilDeliveryGap } from './delivery-gap.js';

/** Only what untilDeliveryGap reads of a message: its delivery and stream sequences. */
const msg = (delivery: number, seq = delivery) =>
  ({ seq, info: { deliverySequence: delivery } }) as unknown as JsMsg;

describe('untilDeliveryGap', () => {
  it('passes a batch whose deliveries follow one another, from the first of a lead on', () => {
    const batch = [msg(7), msg(8), msg(9)];
    expect(untilDeliveryGap(batch, undefined)).toEqual({ contiguous: batch });
    expect(untilDeliveryGap(batch, 7)).toEqual({ contiguous: batch });
  });

  it('stops before deliveries that went missing, inside a batch or between batches', () => {
    const batch = [msg(7), msg(8), msg(12, 20)];
    expect(untilDeliveryGap(batch, 7)).toEqual({
      contiguous: [msg(7), msg(8)],
      gap: { expected: 9, at: msg(12, 20) },
    });
    expect(untilDeliveryGap([msg(5)], 4)).toEqual({ contiguous: [], gap: { expected: 4, at: msg(5) } });
  });

  it('stops at a delivery sequence that went back (a new consumer leader behind the old one)', () => {
    expect(untilDeliveryGap([msg(3)], 9).gap).toEqual({ expected: 9, at: msg(3) });
  });
});
