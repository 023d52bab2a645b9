import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, usePretty, type LogFormat } from './logger.js';

async function logTo(
  format: LogFormat,
  write: (logger: ReturnType<typeof createLogger>) => void,
): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'c4m-log-')), 'out.log');
  const fd = openSync(file, 'w');
  const logger = createLogger('info', 'code4me', fd, format);
  write(logger);
  // JSON goes out asynchronously (pino's sonic-boom): wait, up to a deadline, for the line to be written.
  const deadline = Date.now() + 5_000;
  let text = readFileSync(file, 'utf8');
  while (!text.endsWith('\n') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    text = readFileSync(file, 'utf8');
  }
  closeSync(fd);
  return text;
}

describe('createLogger', () => {
  it('writes JSON lines with ISO times when the destination is not a terminal', async () => {
    const out = await logTo('auto', (l) => l.info({ model: 'gpt2' }, 'model ready'));
    const line = JSON.parse(out.trim()) as { time: string; msg: string; model: string; level: number };
    expect(line.msg).toBe('model ready');
    expect(line.model).toBe('gpt2');
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Date(line.time).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('pretty-prints the same record for a person: level name, message, fields on one line', async () => {
    const out = await logTo('pretty', (l) => l.warn({ model: 'gpt2' }, 'model unavailable'));
    expect(out).toContain('WARN');
    expect(out).toContain('model unavailable');
    expect(out).toMatch(/"model":\s?"gpt2"/);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).not.toContain('{"level"');
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\]/);
  });

  it('redacts passwords and tokens in both formats', async () => {
    for (const format of ['json', 'pretty'] as const) {
      const out = await logTo(format, (l) => l.info({ password: 'hunter2', token: 'abc123' }, 'sign in'));
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
