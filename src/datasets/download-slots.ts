// A cap on the downloads one API process streams at once (each holds a pooled PostgreSQL connection or a
// stream consumer for as long as the client reads): a slot is taken before the answer starts and given back
// when its body ends, fails or is cancelled (the client went away), whichever comes first.
export interface DownloadSlots {
  /** A slot, or null when all are taken. */
  tryTake(): DownloadSlot | null;
  /** Slots in use (for tests and metrics). */
  inUse(): number;
  readonly limit: number;
}

export interface DownloadSlot {
  /** The same answer, whose body gives the slot back once it ends, fails or is cancelled. */
  holdUntilSent(response: Response): Response;
  /** Gives the slot back (at most once counts). */
  release(): void;
}

export function createDownloadSlots(limit: number): DownloadSlots {
  let used = 0;
  return {
    limit,
    inUse: () => used,
    tryTake() {
      if (used >= limit) return null;
      used += 1;
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        used -= 1;
      };
      return { release, holdUntilSent: (response) => holdingBody(response, release) };
    },
  };
}

/**
 * Wraps the body rather than the rows: however the encoder below reads its rows (or never starts), the end
 * of the body, a failure and a cancel all pass through here. Pulled one chunk at a time, like the body.
 */
function holdingBody(response: Response, release: () => void): Response {
  const body = response.body;
  if (!body) {
    release();
    return response;
  }
  const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
  const wrapped = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (err) {
          release();
          controller.error(err);
        }
      },
      async cancel(reason) {
        release();
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(wrapped, { status: response.status, headers: response.headers });
}
