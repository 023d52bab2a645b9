// Runs a task with an absolute deadline: the task gets an AbortSignal that fires at the deadline, and the
// result is settled at the deadline even if the task ignores its signal.
export type DeadlineResult<T> =
  { ok: true; value: T } | { ok: false; reason: 'deadline' } | { ok: false; reason: 'error'; error: unknown };

export async function runWithDeadline<T>(
  task: (signal: AbortSignal) => Promise<T>,
  deadlineAt: number,
  now: () => number = Date.now,
): Promise<DeadlineResult<T>> {
  const remaining = deadlineAt - now();
  if (remaining <= 0) return { ok: false, reason: 'deadline' };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<DeadlineResult<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('deadline exceeded'));
      resolve({ ok: false, reason: 'deadline' });
    }, remaining);
  });
  const work = Promise.resolve()
    .then(() => task(controller.signal))
    .then(
      (value): DeadlineResult<T> => ({ ok: true, value }),
      (error: unknown): DeadlineResult<T> =>
        controller.signal.aborted ? { ok: false, reason: 'deadline' } : { ok: false, reason: 'error', error },
    );
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
