// docs/data-dictionary.md describes every dataset of the catalog: a section per dataset naming each of its
// columns (and each field of its lists of structs), so the documented columns are the served ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetCatalog } from './index.js';

const doc = readFileSync(new URL('../../../docs/data-dictionary.md', import.meta.url), 'utf8');
const datasets = doc.slice(doc.indexOf('\n## Datasets\n'));

function section(name: string): string {
  const start = datasets.indexOf(`\n### \`${name}\`\n`);
  if (start < 0) return '';
  const end = datasets.indexOf('\n#', start + 1);
  return datasets.slice(start, end < 0 ? undefined : end);
}

describe('docs/data-dictionary.md', () => {
  it.each(datasetCatalog.map((d) => [d.schema.name, d] as const))(
    'documents every column of %s',
    (name, d) => {
      const text = section(name);
      expect(text, `a section for ${name}`).not.toBe('');
      const documented = [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
      const columns = d.schema.columns.flatMap((c) => [
        c.name,
        ...(c.type.kind === 'struct-list' ? c.type.fields.map((f) => `${c.name}[].${f.name}`) : []),
      ]);
      expect(documented).toEqual(columns);
    },
  );
});
