// How numbers are written on screen: proportions as percentages, intervals in brackets, milliseconds, counts.
import type { Interval } from './analytics-types';

const count = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export function fmtCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : count.format(n);
}

export function fmtPct(p: number | null | undefined, digits = 1): string {
  return p === null || p === undefined ? '–' : `${(p * 100).toFixed(digits)} %`;
}

export function fmtInterval(i: Interval | undefined): string {
  return i ? `[${fmtPct(i.low)}, ${fmtPct(i.high)}]` : '';
}

/** A signed difference of proportions in percentage points. */
export function fmtPoints(p: number | null | undefined): string {
  if (p === null || p === undefined) return '–';
  const v = p * 100;
  return `${v > 0 ? '+' : ''}${v.toFixed(1)} pp`;
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function fmtNum(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined ? '–' : x.toFixed(digits);
}
