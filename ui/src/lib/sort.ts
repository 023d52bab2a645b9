// Sorting of table rows by a column's value: numbers numerically (missing values last), text by locale.
export type SortValue = number | string | null | undefined;

export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, descending: boolean): T[] {
  const dir = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
    return String(x).localeCompare(String(y)) * dir;
  });
}

/** A column of a sortable table: its sort value, and the text (and a note, e.g. an interval) shown. */
export interface Column<R> {
  key: string;
  label: string;
  value: (row: R) => SortValue;
  text?: (row: R) => string;
  note?: (row: R) => string;
  title?: string;
}
