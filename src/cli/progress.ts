// Progress of a long command on stdout: a bar with rate and time left on a terminal (cli-progress), plain
// lines every few seconds otherwise (pipes, logs, CI). Commands report phases; each counts in its own unit,
// and only phases counted in events show a rate and a time left.
import cliProgress from 'cli-progress';
import { formatCount, formatDuration } from './format.js';

export interface ProgressOutput {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ProgressUpdate {
  phase: string;
  done: number;
  total: number;
  unit: string;
}

export interface ProgressReporter {
  update(u: ProgressUpdate): void;
  /** Ends the bar (or the phase's lines); call it before printing anything else. */
  stop(): void;
}

export interface ProgressOptions {
  /** Bar or lines; by default a bar when the output is a terminal. */
  tty?: boolean;
  /** Plain lines: at most one per phase this often (besides its first and its last). */
  intervalMs?: number;
  now?: () => number;
}

interface PhaseState {
  phase: string;
  unit: string;
  startedAt: number;
  startDone: number;
}

/** Rate and time left so far in the phase, as text; empty for phases not counted in events. */
function pace(state: PhaseState, u: ProgressUpdate, now: number): { rate: string; left: string } {
  const seconds = (now - state.startedAt) / 1_000;
  const perSecond = seconds > 0 ? (u.done - state.startDone) / seconds : 0;
  if (u.unit !== 'events' || perSecond <= 0) return { rate: '', left: '' };
  return {
    rate: `${formatCount(perSecond)} events/s`,
    left: `${formatDuration(((u.total - u.done) / perSecond) * 1_000)} left`,
  };
}

export function createProgressReporter(out: ProgressOutput, opts: ProgressOptions = {}): ProgressReporter {
  const now = opts.now ?? Date.now;
  return (opts.tty ?? out.isTTY === true)
    ? createBarReporter(out, now)
    : createLineReporter(out, opts.intervalMs ?? 3_000, now);
}

function createLineReporter(out: ProgressOutput, intervalMs: number, now: () => number): ProgressReporter {
  let state: PhaseState | undefined;
  let lastLine = 0;
  let finished = false;
  return {
    update(u) {
      const t = now();
      const fresh = state?.phase !== u.phase;
      if (fresh) {
        state = { phase: u.phase, unit: u.unit, startedAt: t, startDone: u.done };
        finished = false;
      }
      if (finished) return; // the phase's last line is out
      const complete = u.done >= u.total;
      if (!fresh && !complete && t - lastLine < intervalMs) return;
      finished = complete;
      lastLine = t;
      const percent = u.total > 0 ? ` (${Math.floor((u.done / u.total) * 100)}%)` : '';
      const { rate, left } = pace(state!, u, t);
      const tail = [rate, complete ? '' : left].filter(Boolean).join(', ');
      const counts = `${formatCount(u.done)}/${formatCount(u.total)} ${u.unit}${percent}`;
      out.write(`${u.phase}: ${counts}${tail ? `, ${tail}` : ''}\n`);
    },
    stop() {
      state = undefined;
    },
  };
}

function createBarReporter(out: ProgressOutput, now: () => number): ProgressReporter {
  let state: PhaseState | undefined;
  let bar: cliProgress.SingleBar | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
    state = undefined;
  };
  return {
    update(u) {
      if (state?.phase !== u.phase) {
        stop();
        state = { phase: u.phase, unit: u.unit, startedAt: now(), startDone: u.done };
        bar = new cliProgress.SingleBar({
          stream: out as NodeJS.WritableStream,
          format: '{phase} [{bar}] {percentage}% | {count}/{all} {unit} | {rate} | {left}',
          barsize: 30,
          hideCursor: true,
          fps: 5,
        });
        bar.start(u.total, u.done, payload(u, state, now()));
      }
      bar?.setTotal(u.total);
      bar?.update(u.done, payload(u, state, now()));
    },
    stop,
  };
}

function payload(u: ProgressUpdate, state: PhaseState, t: number): Record<string, string> {
  const { rate, left } = pace(state, u, t);
  return { phase: u.phase, unit: u.unit, count: formatCount(u.done), all: formatCount(u.total), rate, left };
}
