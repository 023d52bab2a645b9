// PostgreSQL's COPY text format, one value at a time: tab-separated columns, `\N` for NULL, and backslash,
// newline, carriage return and tab escaped. Each value is written as node-postgres would send it as a query
// parameter (numbers as String(n), arrays as quoted array literals), so COPY stores what an INSERT would.

/** The column kinds the read models use, each with its own text form. */
export type CopyKind = 'text' | 'int' | 'float' | 'bool' | 'json' | 'floats' | 'times';

export const COPY_NULL = '\\N';

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text (also uuid, timestamptz, and jsonb already serialised) with COPY's escapes. */
export function copyText(value: string | null): string {
  if (value === null) return COPY_NULL;
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

export function copyNumber(value: number | null): string {
  return value === null ? COPY_NULL : String(value);
}

export function copyBool(value: boolean | null): string {
  return value === null ? COPY_NULL : value ? 't' : 'f';
}

/** A double precision[] literal, elements as node-postgres writes them (quoted, so `{"-0.5","1e-7"}`). */
export function copyFloats(values: readonly number[] | null): string {
  if (values === null) return COPY_NULL;
  let out = '{';
  for (let i = 0; i < values.length; i++) out += (i > 0 ? ',"' : '"') + String(values[i]) + '"';
  return out + '}';
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
    case 'int':
    case 'float':
      return copyNumber(value as number);
    case 'bool':
      return value ? 't' : 'f';
    case 'floats':
      return copyFloats(value as number[]);
    case 'times':
      return copyTimes(value as string[]);
  }
}

/** A table's columns in COPY order, each with its kind. */
export type CopyColumns<Row> = readonly (readonly [keyof Row & string, CopyKind])[];

/** The COPY line of a row object (the shape Kysely inserts), with its newline. */
export function copyLine<Row>(columns: CopyColumns<Row>, row: Row): string {
  return copyFields(columns, row) + '\n';
}

/** The given columns of a row, tab-separated, without the newline (a part of a line). */
export function copyFields<Row>(columns: CopyColumns<Row>, row: Row): string {
  let fields = '';
  for (let i = 0; i < columns.length; i++) {
    const [name, kind] = columns[i]!;
    fields += (i > 0 ? '\t' : '') + copyValue(kind, row[name]);
  }
  return fields;
}

/** The column list of a COPY statement. */
export function copyColumnList(columns: readonly (readonly [string, CopyKind])[]): string {
  return columns.map(([name]) => `"${name}"`).join(', ');
}
