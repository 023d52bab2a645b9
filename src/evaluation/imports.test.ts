// src/evaluation imports no package: dependency-cruiser does not see packages (node_modules is outside its graph),
// so this reads the room's own import lines.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const here = new URL('./', import.meta.url);

describe('src/evaluation', () => {
  it('imports nothing but its own files and, as types only, src/datasets/formats and src/platform', () => {
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = readFileSync(new URL(file, here), 'utf8');
      for (const [line, typeOnly, from] of text.matchAll(
        /^(?:import|export)(\s+type)?\b[^;]*?from\s+'([^']+)'/gms,
      )) {
        const own = from!.startsWith('./');
        const allowedType = typeOnly !== undefined && /^\.\.\/(datasets\/formats|platform)\//.test(from!);
        expect(own || allowedType, `${file}: ${line}`).toBe(true);
      }
    }
  });
});
