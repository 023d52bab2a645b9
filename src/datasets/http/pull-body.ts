// A ReadableStream that reads its async iterable only when the consumer pulls (no chunk is made ahead of it)
// and ends the iteration, so the source's `finally` runs, when the consumer cancels or the request aborts.
export interface PullBodyOptions {
  signal?: AbortSignal;
  /** Called with a failure of the iterable once the stream has errored (the client sees a cut-off body). */
  onError?: (err: unknown) => void;
}

export function createPullBody(
  chunks: AsyncIterable<Uint8Array>,
  options: PullBodyOptions = {},
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const { signal } = options;
  let finished = false;
  const stop = (): void => {
    if (finished) return;
    finished = true;
    signal?.removeEventListener('abort', stop);
    void iterator.return?.().catch(() => undefined);
  };
  if (signal?.aborted === true) stop();
  else signal?.addEventListener('abort', stop, { once: true });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = finished ? undefined : await nextNonEmpty(iterator);
          if (chunk !== undefined) return controller.enqueue(chunk);
          finished = true;
          signal?.removeEventListener('abort', stop);
          controller.close();
        } catch (err) {
          finished = true;
          signal?.removeEventListener('abort', stop);
          controller.error(err);
          options.onError?.(err);
        }
      },
      cancel: stop,
    },
    { highWaterMark: 0 },
  );
}

async function nextNonEmpty(iterator: AsyncIterator<Uint8Array>): Promise<Uint8Array | undefined> {
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return undefined;
    if (next.value.byteLength > 0) return next.value;
  }
}
