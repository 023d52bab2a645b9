// Chart.js configurations of the dashboard, built in the browser (colours from the theme).
import type { ChartConfiguration } from 'chart.js';
import type { BreakdownRow, CalibrationModel, ComparisonPair, Survival } from './analytics-types';
import { inkColor, seriesColor, translucent } from './palette';

const pct = {
  min: 0,
  max: 1,
  ticks: { callback: (v: string | number) => `${Math.round(Number(v) * 100)} %` },
};

/** Acceptance rate per group: a bar for the rate and a thin floating bar for its interval. */
export function rateBars(rows: BreakdownRow[]): ChartConfiguration {
  const c = seriesColor(0);
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: [
        {
          label: 'acceptance rate',
          data: rows.map((r) => r.acceptanceRate?.value ?? null),
          backgroundColor: translucent(c, 0.6),
        },
        {
          label: '95 % interval',
          data: rows.map((r) =>
            r.acceptanceRate ? [r.acceptanceRate.low, r.acceptanceRate.high] : null,
          ) as unknown as number[],
          backgroundColor: inkColor(),
          barPercentage: 0.04,
          grouped: false,
        },
      ],
    },
    options: { scales: { y: pct } },
  };
}

/** Over time: completions shown (bars, right axis) and the acceptance rate with its interval band. */
export function timeChart(rows: BreakdownRow[]): ChartConfiguration {
  const c = seriesColor(0);
  const labels = rows.map((r) =>
    new Date(r.key).toLocaleString('en', { month: 'short', day: 'numeric', hour: '2-digit' }),
  );
  return {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: 'acceptance rate',
          data: rows.map((r) => r.acceptanceRate?.value ?? null),
          borderColor: c,
          backgroundColor: c,
          yAxisID: 'y',
        },
        {
          label: 'interval low',
          data: rows.map((r) => r.acceptanceRate?.low ?? null),
          borderWidth: 0,
          pointRadius: 0,
          yAxisID: 'y',
        },
        {
          label: 'interval high',
          data: rows.map((r) => r.acceptanceRate?.high ?? null),
          borderWidth: 0,
          pointRadius: 0,
          fill: '-1',
          backgroundColor: translucent(c, 0.2),
          yAxisID: 'y',
        },
        {
          type: 'bar',
          label: 'shown',
          data: rows.map((r) => r.shown),
          backgroundColor: translucent(seriesColor(1), 0.35),
          yAxisID: 'n',
        },
      ],
    },
    options: {
      scales: {
        y: { ...pct, position: 'left' },
        n: { position: 'right', beginAtZero: true, grid: { display: false } },
      },
      plugins: { legend: { labels: { filter: (item) => !item.text.startsWith('interval') } } },
    },
  };
}

/** Paired differences (A − B) with their intervals, one horizontal bar per pair. */
export function differenceChart(pairs: ComparisonPair[], name: (id: number) => string): ChartConfiguration {
  const withDiff = pairs.filter((p) => p.difference);
  return {
    type: 'bar',
    data: {
      labels: withDiff.map((p) => `${name(p.a)} − ${name(p.b)}`),
      datasets: [
        {
          label: '95 % interval of the difference',
          data: withDiff.map((p) => [p.difference!.low, p.difference!.high]) as unknown as number[],
          backgroundColor: translucent(seriesColor(0), 0.5),
        },
        {
          type: 'line',
          label: 'difference',
          data: withDiff.map((p) => p.difference!.value),
          showLine: false,
          pointRadius: 6,
          borderColor: seriesColor(1),
          backgroundColor: seriesColor(1),
        },
      ],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { min: -1, max: 1, ticks: { callback: (v) => `${Math.round(Number(v) * 100)} pp` } } },
    },
  };
}

/** Mean edit similarity at 15, 45 and 90 s, one line per model. */
export function survivalChart(s: Survival): ChartConfiguration {
  return {
    type: 'line',
    data: {
      labels: ['15 s', '45 s', '90 s'],
      datasets: s.rows.map((r, i) => ({
        label: r.label,
        data: r.at.map((a) => a.meanEditSimilarity),
        borderColor: seriesColor(i),
        backgroundColor: seriesColor(i),
      })),
    },
    options: { scales: { y: { min: 0, max: 100, title: { display: true, text: 'mean edit similarity' } } } },
  };
}

/** Reliability diagram: acceptance rate against mean confidence per bin, point size by count, and the diagonal. */
export function reliabilityChart(models: CalibrationModel[], mass: boolean): ChartConfiguration {
  const max = Math.max(1, ...models.flatMap((m) => (mass ? m.equalMass : m.equalWidth).map((b) => b.n)));
  return {
    type: 'scatter',
    data: {
      datasets: [
        {
          type: 'line',
          label: 'perfect calibration',
          data: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
          borderColor: translucent('#888888', 0.6),
          borderDash: [4, 4],
          pointRadius: 0,
        },
        ...models.map((m, i) => ({
          type: 'line' as const,
          label: m.label,
          data: (mass ? m.equalMass : m.equalWidth)
            .filter((b) => b.n > 0 && b.meanConfidence !== null && b.acceptanceRate !== null)
            .map((b) => ({ x: b.meanConfidence!, y: b.acceptanceRate!, n: b.n })),
          borderColor: seriesColor(i),
          backgroundColor: seriesColor(i),
          pointRadius: (ctx: { raw?: unknown }) =>
            3 + 9 * Math.sqrt(((ctx.raw as { n?: number })?.n ?? 0) / max),
        })),
      ],
    },
    options: {
      scales: {
        x: { ...pct, type: 'linear', title: { display: true, text: 'mean confidence' } },
        y: { ...pct, title: { display: true, text: 'acceptance rate' } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const raw = ctx.raw as { x: number; y: number; n?: number };
              return `${ctx.dataset.label}: confidence ${(raw.x * 100).toFixed(0)} %, accepted ${(raw.y * 100).toFixed(0)} %${raw.n ? `, n = ${raw.n}` : ''}`;
            },
          },
        },
      },
    },
  };
}
