// The difference of two proportions measured on the same queries (model A's acceptance rate − model B's) with
// Newcombe's hybrid score interval for paired data (Newcombe 1998, "Improved confidence intervals for the
// difference between binomial proportions based on paired data", method 10, no continuity correction): the
// Wilson intervals of both rates, combined with the correlation φ of the 2×2 table.
//
//   n11 both accepted, n10 only A, n01 only B, n00 neither; N = their sum; p1 = (n11+n10)/N, p2 = (n11+n01)/N
//   φ = (n11·n00 − n10·n01) / √((n11+n10)(n01+n00)(n11+n01)(n10+n00)), 0 when the denominator is 0
//   δ = √((p1−l1)² − 2φ(p1−l1)(u2−p2) + (u2−p2)²),  ε = √((u1−p1)² − 2φ(u1−p1)(p2−l2) + (p2−l2)²)
//   interval = [p1 − p2 − δ, p1 − p2 + ε]
import { wilsonInterval } from '../evaluation/wilson-interval.js';

export interface PairedCounts {
  n11: number;
  n10: number;
  n01: number;
  n00: number;
}

export interface Difference {
  value: number;
  low: number;
  high: number;
}

/** Null when there are no paired queries. */
export function pairedDifference(c: PairedCounts, z = 1.96): Difference | null {
  const n = c.n11 + c.n10 + c.n01 + c.n00;
  if (n === 0) return null;
  const a = c.n11 + c.n10;
  const b = c.n11 + c.n01;
  const p1 = a / n;
  const p2 = b / n;
  const w1 = wilsonInterval(a, n, z)!;
  const w2 = wilsonInterval(b, n, z)!;
  const denominator = Math.sqrt((c.n11 + c.n10) * (c.n01 + c.n00) * (c.n11 + c.n01) * (c.n10 + c.n00));
  const phi = denominator === 0 ? 0 : (c.n11 * c.n00 - c.n10 * c.n01) / denominator;
  const d1 = p1 - w1.low;
  const e2 = w2.high - p2;
  const e1 = w1.high - p1;
  const d2 = p2 - w2.low;
  const delta = Math.sqrt(Math.max(0, d1 * d1 - 2 * phi * d1 * e2 + e2 * e2));
  const epsilon = Math.sqrt(Math.max(0, e1 * e1 - 2 * phi * e1 * d2 + d2 * d2));
  const value = p1 - p2;
  return { value, low: Math.max(-1, value - delta), high: Math.min(1, value + epsilon) };
}
