// Which snapshot reports each nominal age: windows [0,30), [30,67.5), [67.5,135) s; the nearest in a window.
import { describe, expect, it } from 'vitest';
import { slotSnapshots } from './snapshot-slots.js';

const anchor = new Date('2025-03-01T10:00:00Z');
const at = (seconds: number) => ({ text: `t${seconds}`, at: new Date(anchor.getTime() + seconds * 1000) });

describe('slotSnapshots', () => {
  it("puts the plugin's 15, 45 and 90 s snapshots (plus network time) in their slots", () => {
    const { chosen, outside } = slotSnapshots([at(90.4), at(15.2), at(45.3)], anchor);
    expect(chosen.map((s) => s?.text)).toEqual(['t15.2', 't45.3', 't90.4']);
    expect(outside).toBe(0);
  });

  it('leaves a slot empty when the plugin skipped that time', () => {
    const { chosen } = slotSnapshots([at(15), at(91)], anchor);
    expect(chosen.map((s) => s?.text ?? null)).toEqual(['t15', null, 't91']);
  });

  it('has half-open windows: 29.99 s is 15s, 30 s is 45s, 67.5 s is 90s, 135 s and -1 s are in none', () => {
    expect(slotSnapshots([at(29.99)], anchor).chosen[0]?.text).toBe('t29.99');
    expect(slotSnapshots([at(30)], anchor).chosen[1]?.text).toBe('t30');
    expect(slotSnapshots([at(67.5)], anchor).chosen[2]?.text).toBe('t67.5');
    expect(slotSnapshots([at(135), at(-1)], anchor)).toEqual({ chosen: [null, null, null], outside: 2 });
  });

  it('takes the snapshot nearest the nominal age within a slot, the earlier on a tie', () => {
    // 14 s is 1 s from 15, 17 s is 2 s away; 13 s and 17 s are both 2 s away.
    expect(slotSnapshots([at(17), at(14)], anchor).chosen[0]?.text).toBe('t14');
    expect(slotSnapshots([at(17), at(13)], anchor).chosen[0]?.text).toBe('t13');
  });
});
