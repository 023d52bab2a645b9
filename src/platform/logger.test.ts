import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, usePretty, type LogFormat } from './logger.js';

function logTo(format: LogFormat, write: (logger: ReturnType<typeof createLogger>) => void): string {
  const file = join(mkdtempSync(join(tmpdir(), 'c4m-log-')), 'out.log');
  const fd = openSync(file, 'w');
  const logger = createLogger('info', 'code4me', fd, format);
  write(logger);
  logger.flush();
  closeSync(fd);
  return readFileSync(file, 'utf8');
}

describe('createLogger', () => {
  it('writes JSON lines with ISO times when the destination is not a terminal', () => {
    const out = logTo('auto', (l) => l.info({ model: 'gpt2' }, 'model ready'));
    const line = JSON.parse(out.trim()) as { time: string; msg: string; model: string; level: number };
    expect(line.msg).toBe('model ready');
    expect(line.model).toBe('gpt2');
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Date(line.time).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('pretty-prints the same record for a person: level name, message, fields, no JSON braces', () => {
    const out = logTo('pretty', (l) => l.warn({ model: 'gpt2' }, 'model unavailable'));
    expect(out).toContain('WARN');
    expect(out).toContain('model unavailable');
    expect(out).toMatch(/model: "gpt2"/);
    expect(out).not.toContain('{"level"');
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\]/);
  });

  it('redacts passwords and tokens in both formats', () => {
    for (const format of ['json', 'pretty'] as const) {
      const out = logTo(format, (l) => l.info({ password: 'hunter2', token: 'abc123' }, 'sign in'));
      expect(out).not.toContain('hunter2');
      expect(out).not.toContain('abc123');
      expect(out).toContain('***');
    }
  });

  it('pretty-prints on a terminal only unless told otherwise', () => {
    const fd = openSync(join(mkdtempSync(join(tmpdir(), 'c4m-log-')), 'f'), 'w');
    expect(usePretty('auto', fd)).toBe(false);
    expect(usePretty('pretty', fd)).toBe(true);
    expect(usePretty('json', fd)).toBe(false);
    closeSync(fd);
  });
});
