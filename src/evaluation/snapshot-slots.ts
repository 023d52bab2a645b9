// Which ground-truth snapshot each nominal age reports. The plugin sends the document around the inserted range
// 15, 45 and 90 s after the insertion (its default `checkingIntervals`), skipping a time when the range was
// deleted, so a completion has 0 to 3 snapshots; "first" or "last" would mix ages, hence fixed slots.
//
// A snapshot's age = truth_timestamp − acceptedAt (requestedAt when acceptedAt is unknown). The slot of age a is
// 15 s for 0 ≤ a < 30, 45 s for 30 ≤ a < 67.5, 90 s for 67.5 ≤ a < 135 (boundaries halfway between nominal ages,
// the last one as wide again); older or negative ages fall in no slot. With several snapshots in one slot (a
// user's own intervals) the one nearest the nominal age counts, the earlier on a tie.
import type { GroundTruthSnapshot } from './completion-evaluation-row.js';

export interface SnapshotSlot {
  /** Column suffix, e.g. `15s`. */
  name: string;
  nominalSeconds: number;
  fromSeconds: number;
  toSeconds: number;
}

export const SNAPSHOT_SLOTS: readonly SnapshotSlot[] = [
  { name: '15s', nominalSeconds: 15, fromSeconds: 0, toSeconds: 30 },
  { name: '45s', nominalSeconds: 45, fromSeconds: 30, toSeconds: 67.5 },
  { name: '90s', nominalSeconds: 90, fromSeconds: 67.5, toSeconds: 135 },
];

export interface SlottedSnapshots {
  /** Per slot of SNAPSHOT_SLOTS, in order: the snapshot it reports, or null. */
  chosen: (GroundTruthSnapshot | null)[];
  /** Snapshots of no slot (too old, or before the anchor). */
  outside: number;
}

/** Places `snapshots` (already without empty ones) into the slots, ages measured from `anchor`. */
export function slotSnapshots(snapshots: readonly GroundTruthSnapshot[], anchor: Date): SlottedSnapshots {
  const chosen: (GroundTruthSnapshot | null)[] = SNAPSHOT_SLOTS.map(() => null);
  let outside = 0;
  for (const snapshot of snapshots) {
    const age = (snapshot.at.getTime() - anchor.getTime()) / 1000;
    const index = SNAPSHOT_SLOTS.findIndex((s) => age >= s.fromSeconds && age < s.toSeconds);
    if (index < 0) {
      outside++;
      continue;
    }
    const current = chosen[index];
    if (!current || isBetter(snapshot, current, anchor, SNAPSHOT_SLOTS[index]!.nominalSeconds))
      chosen[index] = snapshot;
  }
  return { chosen, outside };
}

function isBetter(a: GroundTruthSnapshot, b: GroundTruthSnapshot, anchor: Date, nominal: number): boolean {
  const distance = (s: GroundTruthSnapshot) => Math.abs((s.at.getTime() - anchor.getTime()) / 1000 - nominal);
  const da = distance(a);
  const db = distance(b);
  return da < db || (da === db && a.at.getTime() < b.at.getTime());
}
