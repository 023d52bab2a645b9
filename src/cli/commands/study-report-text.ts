// The text of `c4m studies report`: the study in one line, then one row per arm (the default first is marked
// with *), rates in percent with their 95 % intervals, the difference to the default with its p-value.
import type { StudyReport } from '../../studies/index.js';
import { formatTextTable } from '../text-table.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}`;
const ms = (x: number | null) => (x === null ? '-' : String(Math.round(x)));

export function formatStudyReport(report: StudyReport): string {
  const s = report.study;
  const head = `study ${s.studyId} (${s.name}): ${s.status}, ${s.startsAt} to ${s.endsAt ?? 'open'}, default config ${s.defaultConfigId}\n`;
  const rows = report.arms.map((a) => [
    `${a.configId}${a.isDefault ? '*' : ''}`,
    a.configName ?? '-',
    String(a.users),
    String(a.generated),
    String(a.shown),
    String(a.accepted),
    a.acceptanceRate
      ? `${pct(a.acceptanceRate.value)} [${pct(a.acceptanceRate.low)}, ${pct(a.acceptanceRate.high)}]`
      : '-',
    a.difference ? `${pct(a.difference.value)} [${pct(a.difference.low)}, ${pct(a.difference.high)}]` : '-',
    a.difference ? a.difference.pValue.toFixed(3) : '-',
    a.meanEditSimilarity === null ? '-' : a.meanEditSimilarity.toFixed(1),
    `${ms(a.generationMs.p50)}/${ms(a.generationMs.p95)}`,
  ]);
  const table = formatTextTable(
    [
      { header: 'config' },
      { header: 'name' },
      { header: 'users', align: 'right' },
      { header: 'generated', align: 'right' },
      { header: 'shown', align: 'right' },
      { header: 'accepted', align: 'right' },
      { header: 'acceptance % [95 %]' },
      { header: 'vs default, points [95 %]' },
      { header: 'p', align: 'right' },
      { header: 'edit sim', align: 'right' },
      { header: 'gen ms p50/p95' },
    ],
    rows,
  );
  const note = `(${report.method.difference}; ${report.method.samples} samples, seed ${report.method.seed})\n`;
  return head + table + note;
}
