import { describe, expect, it } from 'vitest';
import { v5 as uuidv5 } from 'uuid';
import { armIndexOf, armOf } from './arm-of.js';

const NAMESPACE = '6f1c2a52-2d4b-4b6e-9a51-5b0c1f8e7a10';
const study = '0192f3a0-7c1e-7b2a-8d4f-1a2b3c4d5e6f';
/** 10,000 user ids, the same every run. */
const users = Array.from({ length: 10_000 }, (_, i) => uuidv5(`user-${i}`, NAMESPACE));

function shares(armCount: number, studyId = study): number[] {
  const counts = new Array<number>(armCount).fill(0);
  for (const u of users) counts[armIndexOf(studyId, u, armCount)]! += 1;
  return counts.map((c) => c / users.length);
}

describe('the assignment rule', () => {
  it('gives the same user in the same study the same arm every time, whatever the case of the ids', () => {
    const cfg = { studyId: study, configIds: [4, 7, 9] };
    for (const u of users.slice(0, 200)) {
      expect(armOf(cfg, u)).toBe(armOf(cfg, u));
      expect(armOf({ ...cfg, studyId: study.toUpperCase() }, u.toUpperCase())).toBe(armOf(cfg, u));
    }
  });

  it.each([2, 3])('splits 10,000 users within 2 %% of even over %i arms', (armCount) => {
    for (const share of shares(armCount)) expect(Math.abs(share - 1 / armCount)).toBeLessThan(0.02);
  });

  it('assigns a user independently in another study (a different split, not the same arm again)', () => {
    const other = '0192f3a0-7c1e-7b2a-8d4f-ffffffffffff';
    const same = users.filter((u) => armIndexOf(study, u, 2) === armIndexOf(other, u, 2)).length;
    expect(Math.abs(same / users.length - 0.5)).toBeLessThan(0.02);
    expect(shares(2, other)).not.toEqual(shares(2));
  });

  it('refuses a study without arms', () => {
    expect(() => armIndexOf(study, users[0]!, 0)).toThrow(RangeError);
  });
});
