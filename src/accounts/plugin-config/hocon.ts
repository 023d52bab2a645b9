// A small HOCON writer for plain data: every key is quoted and every string escaped (HOCON quoted strings
// are JSON strings), so names such as "C/C++" or "Oracle SQL*Plus" can never break the document.
export type HoconValue = string | number | boolean | null | HoconValue[] | { [key: string]: HoconValue };

const INDENT = '  ';

export function renderHocon(root: Record<string, HoconValue>): string {
  return `${renderFields(root, 0)}\n`;
}

function renderFields(obj: Record<string, HoconValue>, depth: number): string {
  const pad = INDENT.repeat(depth);
  return Object.entries(obj)
    .map(
      ([key, value]) =>
        `${pad}${JSON.stringify(key)} ${isObject(value) ? '' : '= '}${renderValue(value, depth)}`,
    )
    .join('\n');
}

function renderValue(value: HoconValue, depth: number): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`HOCON cannot hold the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const pad = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => `${pad}${INDENT}${renderValue(v, depth + 1)}`);
    return `[\n${items.join(',\n')}\n${pad}]`;
  }
  if (Object.keys(value).length === 0) return '{}';
  return `{\n${renderFields(value, depth + 1)}\n${pad}}`;
}

function isObject(value: HoconValue): value is { [key: string]: HoconValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
