// The columns every table of Stats rows shares (breakdowns): counts, acceptance with its interval, characters
// and latency, each sortable.
import type { BreakdownRow } from './analytics-types';
import { fmtCount, fmtInterval, fmtMs, fmtPct } from './format';
import type { Column } from './sort';

export function statsColumns(first: string): Column<BreakdownRow>[] {
  return [
    { key: 'label', label: first, value: (r) => r.label },
    { key: 'generated', label: 'Generated', value: (r) => r.generated, text: (r) => fmtCount(r.generated) },
    { key: 'shown', label: 'Shown (n)', value: (r) => r.shown, text: (r) => fmtCount(r.shown) },
    { key: 'accepted', label: 'Accepted', value: (r) => r.accepted, text: (r) => fmtCount(r.accepted) },
    {
      key: 'rate',
      label: 'Acceptance',
      title: 'accepted ÷ shown, 95 % Wilson interval',
      value: (r) => r.acceptanceRate?.value,
      text: (r) => fmtPct(r.acceptanceRate?.value),
      note: (r) => fmtInterval(r.acceptanceRate),
    },
    {
      key: 'chars',
      label: 'Char. acceptance',
      title: 'accepted characters ÷ shown characters',
      value: (r) => r.charAcceptanceRate,
      text: (r) => fmtPct(r.charAcceptanceRate),
    },
    {
      key: 'gen50',
      label: 'Gen. p50',
      value: (r) => r.generationMs.p50,
      text: (r) => fmtMs(r.generationMs.p50),
    },
    {
      key: 'gen95',
      label: 'Gen. p95',
      value: (r) => r.generationMs.p95,
      text: (r) => fmtMs(r.generationMs.p95),
    },
    {
      key: 'srv50',
      label: 'Serving p50',
      value: (r) => r.servingMs.p50,
      text: (r) => fmtMs(r.servingMs.p50),
    },
    {
      key: 'srv95',
      label: 'Serving p95',
      value: (r) => r.servingMs.p95,
      text: (r) => fmtMs(r.servingMs.p95),
    },
  ];
}
