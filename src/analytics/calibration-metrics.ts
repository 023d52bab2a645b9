// Calibration of confidence against acceptance from fine confidence bins (confidence-bins.ts): the Brier score
// and its skill against always forecasting the base rate (exact), expected calibration error over 10
// equal-width bins (exact: each is ten fine bins) and over 10 equal-mass bins (cut at fine-bin boundaries, so
// approximately equal in count). ECE = Σ_b (n_b / N) · |mean confidence_b − acceptance rate_b|.
import { CONFIDENCE_FINE_BINS, CONFIDENCE_SCALE } from './confidence-bins.js';

/** One fine bin's sums: confidences c in micro-units, y = 1 when accepted. */
export interface FineBin {
  bin: number;
  n: number;
  /** Σy */
  accepted: number;
  /** Σc, Σc², Σc·y (micro-units, micro-units², micro-units). */
  sumC: number;
  sumC2: number;
  sumCY: number;
}

export interface ReliabilityBin {
  low: number;
  high: number;
  n: number;
  meanConfidence: number | null;
  acceptanceRate: number | null;
}

export interface CalibrationSummary {
  n: number;
  baseRate: number | null;
  brier: number | null;
  brierSkill: number | null;
  eceEqualWidth: number | null;
  eceEqualMass: number | null;
  equalWidth: ReliabilityBin[];
  equalMass: ReliabilityBin[];
}

const GROUPS = 10;
const FINE_PER_GROUP = CONFIDENCE_FINE_BINS / GROUPS;

export function summarizeCalibration(fine: readonly FineBin[]): CalibrationSummary {
  const bins = [...fine].filter((b) => b.n > 0).sort((a, b) => a.bin - b.bin);
  const total = merge(bins);
  const n = total.n;
  const baseRate = n === 0 ? null : total.accepted / n;
  // Σ(c − y)² = Σc² − 2Σc·y + Σy (y² = y).
  const s = CONFIDENCE_SCALE;
  const brier = n === 0 ? null : (total.sumC2 / (s * s) - (2 * total.sumCY) / s + total.accepted) / n;
  const reference = baseRate === null ? 0 : baseRate * (1 - baseRate);
  const brierSkill = brier === null || reference === 0 ? null : 1 - brier / reference;
  const equalWidth = Array.from({ length: GROUPS }, (_, g) =>
    reliabilityBin(
      bins.filter((b) => Math.floor(b.bin / FINE_PER_GROUP) === g),
      g / GROUPS,
      (g + 1) / GROUPS,
    ),
  );
  const equalMass = equalMassGroups(bins, n).map((group) =>
    reliabilityBin(
      group,
      group[0]!.bin / CONFIDENCE_FINE_BINS,
      (group[group.length - 1]!.bin + 1) / CONFIDENCE_FINE_BINS,
    ),
  );
  return {
    n,
    baseRate,
    brier,
    brierSkill,
    eceEqualWidth: ece(equalWidth, n),
    eceEqualMass: ece(equalMass, n),
    equalWidth,
    equalMass,
  };
}

/** Fine bins in order, a bin going to group ⌊10 · (count before it) / N⌋; empty groups are left out. */
function equalMassGroups(bins: readonly FineBin[], n: number): FineBin[][] {
  const groups: FineBin[][] = Array.from({ length: GROUPS }, () => []);
  let before = 0;
  for (const b of bins) {
    groups[Math.min(GROUPS - 1, Math.floor((GROUPS * before) / n))]!.push(b);
    before += b.n;
  }
  return groups.filter((g) => g.length > 0);
}

function reliabilityBin(group: readonly FineBin[], low: number, high: number): ReliabilityBin {
  const t = merge(group);
  return {
    low,
    high,
    n: t.n,
    meanConfidence: t.n === 0 ? null : t.sumC / CONFIDENCE_SCALE / t.n,
    acceptanceRate: t.n === 0 ? null : t.accepted / t.n,
  };
}

function ece(bins: readonly ReliabilityBin[], n: number): number | null {
  if (n === 0) return null;
  let sum = 0;
  for (const b of bins) {
    if (b.n === 0) continue;
    sum += (b.n / n) * Math.abs(b.meanConfidence! - b.acceptanceRate!);
  }
  return sum;
}

function merge(bins: readonly FineBin[]): Omit<FineBin, 'bin'> {
  const t = { n: 0, accepted: 0, sumC: 0, sumC2: 0, sumCY: 0 };
  for (const b of bins) {
    t.n += b.n;
    t.accepted += b.accepted;
    t.sumC += b.sumC;
    t.sumC2 += b.sumC2;
    t.sumCY += b.sumCY;
  }
  return t;
}
