// CSV (RFC 4180: CRLF line ends, fields quoted when they hold a quote, comma or line break): a header row of
// column names, then one record per row. Missing values are empty fields, empty strings `""`; lists,
// structs and json cells hold their JSON text; timestamps ISO-8601 UTC.
import { stringify, type Options } from 'csv-stringify/sync';
import type { ColumnSpec, DatasetRow, DatasetSchema } from './dataset-schema.js';
import { formatTimestamp, isMissing, toText } from './column-values.js';
import { DatasetValueError } from './dataset-value-error.js';
import { presentJsonRenderer, type ValueRenderer } from './json-values.js';

const CSV_OPTIONS: Options = {
  record_delimiter: '\r\n',
  quote_record_delimiter: true, // quote a bare \n or \r too (off by default once record_delimiter is set)
  quoted_match: /^$/, // "" for an empty string, an empty field for null
  escape_formulas: false, // the data as it is; spreadsheet users beware of cells starting with =
  eof: true,
};

type CellRenderer = (value: unknown) => string | null;

export async function* encodeCsv(
  schema: DatasetSchema,
  batches: AsyncIterable<readonly DatasetRow[]>,
): AsyncGenerator<Uint8Array> {
  const cells = schema.columns.map((column) => ({ name: column.name, render: cellRenderer(column) }));
  yield Buffer.from(stringify([schema.columns.map((c) => c.name)], CSV_OPTIONS), 'utf8');
  for await (const rows of batches) {
    if (rows.length === 0) continue;
    const records = rows.map((row) => cells.map((cell) => cell.render(row[cell.name])));
    yield Buffer.from(stringify(records, CSV_OPTIONS), 'utf8');
  }
}

function cellRenderer(spec: ColumnSpec): CellRenderer {
  const render = presentCellRenderer(spec);
  return (value) => {
    if (!isMissing(value)) return render(value);
    if (!spec.nullable) throw new DatasetValueError(spec.name, 'a value (the column is not nullable)', null);
    return null;
  };
}

function presentCellRenderer(spec: ColumnSpec): ValueRenderer {
  const kind = spec.type.kind;
  if (kind === 'string' || kind === 'dictionary') return (v) => toText(v, spec.name);
  if (kind === 'timestamp') return (v) => formatTimestamp(v, spec.name);
  const json = presentJsonRenderer(spec.type, spec.name);
  // Numbers and booleans as JSON writes them; NaN and ±Infinity as JavaScript writes them (CSV can hold them).
  if (kind === 'float64') return (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : json(v));
  return json;
}
