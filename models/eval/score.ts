// Aggregates per-cut results into the figures of the model card: EM, ES (overall and per language), latency.
import type { CutPoint } from './cut-points.js';
import { editSimilarity, exactMatch } from './metrics.js';

export interface Scored {
  cut: CutPoint;
  prediction: string;
  latencyMs: number;
  confidence: number | null;
}

export function scoreCompletions(results: Scored[]) {
  const byLang: Record<string, { n: number; em: number; es: number }> = {};
  let em = 0;
  let es = 0;
  for (const r of results) {
    const e = exactMatch(r.prediction, r.cut.truth) ? 1 : 0;
    const s = editSimilarity(r.prediction, r.cut.truth);
    em += e;
    es += s;
    const l = (byLang[r.cut.lang] ??= { n: 0, em: 0, es: 0 });
    l.n += 1;
    l.em += e;
    l.es += s;
  }
  const n = Math.max(1, results.length);
  const lat = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  const pct = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0);
  return {
    cutPoints: results.length,
    exactMatch: round(em / n),
    editSimilarity: round(es / n),
    byLanguage: Object.fromEntries(
      Object.entries(byLang).map(([k, v]) => [
        k,
        { n: v.n, exactMatch: round(v.em / v.n), editSimilarity: round(v.es / v.n) },
      ]),
    ),
    latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) },
    samples: results
      .slice(0, 12)
      .map((r) => ({ prefixTail: r.cut.prefix.slice(-40), prediction: r.prediction, truth: r.cut.truth })),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
