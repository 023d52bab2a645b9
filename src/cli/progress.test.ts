// The progress reporter: plain lines for pipes and logs, a bar with rate and time left on a terminal.
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from './progress.js';

function fakeOutput(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, columns: 160, chunks, write: (s: string) => chunks.push(s) };
}

describe('progress reporter', () => {
  it('prints a line when a phase starts, then at most one per interval, and its last line once', () => {
    const out = fakeOutput(false);
    let t = 0;
    const progress = createProgressReporter(out, { intervalMs: 3_000, now: () => t });
    const load = (done: number) => progress.update({ phase: 'load', done, total: 100_000, unit: 'events' });
    load(0);
    t = 1_000;
    load(10_000); // within the interval: no line
    t = 3_000;
    load(30_000);
    t = 4_000;
    load(100_000);
    load(100_000);
    progress.update({ phase: 'swap', done: 0, total: 3, unit: 'read models' });
    expect(out.chunks).toEqual([
      'load: 0/100,000 events (0%)\n',
      'load: 30,000/100,000 events (30%), 10,000 events/s, 7.0 s left\n',
      'load: 100,000/100,000 events (100%), 25,000 events/s\n',
      'swap: 0/3 read models (0%)\n',
    ]);
  });

  it('draws a bar with the rate and the time left on a terminal', () => {
    const out = fakeOutput(true);
    let t = 0;
    const progress = createProgressReporter(out, { now: () => t });
    progress.update({ phase: 'load', done: 0, total: 1_000_000, unit: 'events' });
    t = 10_000;
    progress.update({ phase: 'load', done: 250_000, total: 1_000_000, unit: 'events' });
    progress.stop();
    const text = out.chunks.join('');
    expect(text).toContain('load [');
    expect(text).toContain('25% | 250,000/1,000,000 events | 25,000 events/s | 30.0 s left');
  });

  it('chooses lines or the bar by whether the output is a terminal', () => {
    const pipe = fakeOutput(false);
    createProgressReporter(pipe).update({ phase: 'load', done: 1, total: 2, unit: 'events' });
    expect(pipe.chunks.join('')).toBe('load: 1/2 events (50%)\n');
    const terminal = fakeOutput(true);
    const bar = createProgressReporter(terminal);
    bar.update({ phase: 'load', done: 1, total: 2, unit: 'events' });
    bar.stop();
    expect(terminal.chunks.join('')).toContain('\x1B[?25l'); // the bar hides the cursor while it draws
  });
});
