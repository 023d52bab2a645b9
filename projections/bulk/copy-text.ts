// PostgreSQL's COPY text format, one value at a time: tab-separated columns, `\N` for NULL, and backslash,
// newline, carriage return and tab escaped. Each value is written as node-postgres would send it as a query
// parameter (numbers as String(n), arrays as quoted array literals), so COPY stores what an INSERT would.

/**
 * The column kinds the read models use, each with its own text form. `plain` is for values the codec has
 * validated to hold none of the characters COPY escapes (uuids, ISO timestamps) and is written as it is.
 */
export type CopyKind = 'text' | 'plain' | 'int' | 'float' | 'bool' | 'json' | 'floats' | 'texts' | 'times';

export const COPY_NULL = '\\N';

const SPECIAL = /[\\\n\r\t]/;

/** Text (also jsonb already serialised) with COPY's escapes; backslashes first, so no escape is escaped again. */
export function copyText(value: string | null): string {
  if (value === null) return COPY_NULL;
  if (!SPECIAL.test(value)) return value;
  let out = value.includes('\\') ? value.replaceAll('\\', '\\\\') : value;
  if (out.includes('\n')) out = out.replaceAll('\n', '\\n');
  if (out.includes('\r')) out = out.replaceAll('\r', '\\r');
  if (out.includes('\t')) out = out.replaceAll('\t', '\\t');
  return out;
}

export function copyNumber(value: number | null): string {
  return value === null ? COPY_NULL : String(value);
}

export function copyBool(value: boolean | null): string {
  return value === null ? COPY_NULL : value ? 't' : 'f';
}

/**
 * A double precision[] literal. JSON.stringify writes each number as String(n) does (shortest round trip, as
 * node-postgres sends them) and much faster than a loop, and a null element as `null` (NULL to PostgreSQL,
 * which reads it case-insensitively); its brackets become braces: `{-0.5,null,1e-7}`.
 */
export function copyFloats(values: readonly (number | null)[] | null): string {
  if (values === null) return COPY_NULL;
  const json = JSON.stringify(values);
  return '{' + json.slice(1, -1) + '}';
}

/** A text[] literal, each element quoted and escaped as node-postgres does, then COPY's escapes over it. */
export function copyTexts(values: readonly string[] | null): string {
  if (values === null) return COPY_NULL;
  return copyText('{' + values.map((v) => `"${v.replace(/[\\"]/g, (c) => '\\' + c)}"`).join(',') + '}');
}

/** A timestamptz[] literal of ISO strings (they hold neither quotes nor backslashes). */
export function copyTimes(values: readonly string[] | null): string {
  if (values === null) return COPY_NULL;
  return copyText('{' + values.map((v) => `"${v.replace(/[\\"]/g, (c) => '\\' + c)}"`).join(',') + '}');
}

/** One value of the given kind; `json` takes the JSON text (Kysely's jsonb parameters are JSON strings too). */
export function copyValue(kind: CopyKind, value: unknown): string {
  if (value === null || value === undefined) return COPY_NULL;
  switch (kind) {
    case 'text':
    case 'json':
      return copyText(value as string);
    case 'plain':
      return value as string;
    case 'int':
    case 'float':
      return copyNumber(value as number);
    case 'bool':
      return value ? 't' : 'f';
    case 'floats':
      return copyFloats(value as number[]);
    case 'texts':
      return copyTexts(value as string[]);
    case 'times':
      return copyTimes(value as string[]);
  }
}

/** A table's columns in COPY order, each with its kind. */
export type CopyColumns<Row> = readonly (readonly [keyof Row & string, CopyKind])[];

/** The COPY line of a row object (the shape Kysely inserts), with its newline. */
export function copyLine<Row>(columns: CopyColumns<Row>, row: Row): string {
  let line = copyValue(columns[0]![1], row[columns[0]![0]]);
  for (let i = 1; i < columns.length; i++) line += '\t' + copyValue(columns[i]![1], row[columns[i]![0]]);
  return line + '\n';
}

/** The given columns of a row, tab-separated, without the newline, as one flat string (it is kept). */
export function copyFields<Row>(columns: CopyColumns<Row>, row: Row): string {
  const fields = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i++) fields[i] = copyValue(columns[i]![1], row[columns[i]![0]]);
  return fields.join('\t');
}

/** The column list of a COPY statement. */
export function copyColumnList(columns: readonly (readonly [string, CopyKind])[]): string {
  return columns.map(([name]) => `"${name}"`).join(', ');
}
