import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { onShutdownSignals } from './shutdown.js';
import { eventually } from '../../tests/support/eventually.js';

function fakeProcess(): EventEmitter & { exits: number[]; exit(code: number): void } {
  const proc = Object.assign(new EventEmitter(), { exits: [] as number[] });
  return Object.assign(proc, { exit: (code: number) => void proc.exits.push(code) });
}

const silent = pino({ level: 'silent' });

describe('onShutdownSignals', () => {
  it('runs the shutdown once and exits 0 when it finishes', async () => {
    const proc = fakeProcess();
    let runs = 0;
    onShutdownSignals(silent, async () => void runs++, { proc });
    proc.emit('SIGTERM', 'SIGTERM');
    await eventually(() => expect(proc.exits).toEqual([0]));
    expect(runs).toBe(1);
  });

  it('forces the exit on a second signal while the shutdown is still running', async () => {
    const proc = fakeProcess();
    let clock = 0;
    let forced = 0;
    const hang = () => new Promise<void>(() => undefined);
    onShutdownSignals(silent, hang, { proc, now: () => clock, onForce: () => void forced++ });
    proc.emit('SIGINT', 'SIGINT');
    clock = 5_000;
    proc.emit('SIGINT', 'SIGINT');
    expect(proc.exits).toEqual([130]);
    expect(forced).toBe(1);
  });

  it('takes the same Ctrl-C relayed again by npm and tsx as one request', async () => {
    const proc = fakeProcess();
    let clock = 0;
    onShutdownSignals(silent, () => new Promise<void>(() => undefined), { proc, now: () => clock });
    proc.emit('SIGINT', 'SIGINT');
    clock = 200;
    proc.emit('SIGINT', 'SIGINT');
    expect(proc.exits).toEqual([]);
  });

  it('exits 1 when the shutdown fails', async () => {
    const proc = fakeProcess();
    onShutdownSignals(silent, () => Promise.reject(new Error('pool stuck')), { proc });
    proc.emit('SIGTERM', 'SIGTERM');
    await eventually(() => expect(proc.exits).toEqual([1]));
  });
});
