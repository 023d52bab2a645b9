import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configEnvNames } from './config.js';

describe('docs/configuration.md', () => {
  it('names every environment variable that config.ts reads', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const missing = Object.values(configEnvNames()).filter((name) => !doc.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });
});
