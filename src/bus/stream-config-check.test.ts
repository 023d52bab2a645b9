import { describe, expect, it } from 'vitest';
import type { StreamConfig } from '@nats-io/jetstream';
import { planStreamReconcile } from './stream-config-check.js';
import { desiredStreamConfig } from './stream-config.js';

const desired = desiredStreamConfig({ name: 'C4M_EVENTS', prefix: 'c4m', replicas: 1 });
/** The stream as the server reports it, matching the desired configuration unless told otherwise. */
const current = (over: Partial<StreamConfig> = {}): StreamConfig =>
  ({ ...desired, max_consumers: -1, sealed: false, discard_new_per_subject: false, ...over }) as StreamConfig;

describe('planStreamReconcile', () => {
  it('finds nothing to do on a stream that matches, whatever the order of its subjects', () => {
    expect(planStreamReconcile(current(), desired)).toEqual({ problems: [], changes: [], warnings: [] });
    const two = { ...desired, subjects: ['c4m.evt.>', 'x.>'] };
    expect(planStreamReconcile(current({ subjects: ['x.>', 'c4m.evt.>'] }), two).changes).toEqual([]);
  });

  it('updates the settings that cannot remove an event, the discard policy among them', () => {
    const plan = planStreamReconcile(
      current({ discard: 'old', allow_direct: false, allow_rollup_hdrs: true, subjects: ['old.>'] }),
      desired,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.changes.map((c) => c.field).sort()).toEqual([
      'allow_direct',
      'allow_rollup_hdrs',
      'discard',
      'subjects',
    ]);
  });

  it('refuses interest retention and a sealed stream, naming each field', () => {
    const plan = planStreamReconcile(current({ retention: 'interest', sealed: true }), desired);
    expect(plan.problems.map((p) => [p.field, p.value])).toEqual([
      ['retention', 'interest'],
      ['sealed', true],
    ]);
  });

  it('names every limit at once, so one start tells the operator all there is to fix', () => {
    const plan = planStreamReconcile(
      current({ max_age: 3_600_000_000_000, max_bytes: 10, max_msgs: 10 }),
      desired,
    );
    expect(plan.problems.map((p) => p.field)).toEqual(['max_age', 'max_msgs', 'max_bytes']);
    expect(plan.problems[0]?.harm).toBe('events older than 1 h are deleted');
  });

  it('only warns about deny_delete, which erasure does not need and JetStream cannot turn off', () => {
    const plan = planStreamReconcile(current({ deny_delete: true }), desired);
    expect(plan.problems).toEqual([]);
    expect(plan.warnings).toEqual([expect.stringMatching(/deny_delete=true/)]);
  });
});
