// The browser's live feed: the API's /api/analytics/live event stream, fetched with the user's token and
// passed through as it comes (closing the browser's connection aborts the API's).
import { error } from '@sveltejs/kit';
import { ApiError, openStream } from '$lib/server/api-client';
import type { RequestHandler } from './$types';

/** A comment line first, so the browser's EventSource opens at once, before the API's first event. */
function withOpening(body: ReadableStream<Uint8Array> | null): ReadableStream<Uint8Array> {
  const reader = body?.getReader();
  let opened = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!opened) {
        opened = true;
        controller.enqueue(new TextEncoder().encode(': connected\n\n'));
        return;
      }
      const next = await reader?.read().catch(() => undefined);
      if (!next || next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader?.cancel(reason),
  });
}

export const GET: RequestHandler = async ({ locals, request }) => {
  try {
    const upstream = await openStream(
      '/api/analytics/live',
      locals.authToken,
      {},
      'text/event-stream',
      request.signal,
    );
    return new Response(withOpening(upstream.body), {
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      },
    });
  } catch (err) {
    if (err instanceof ApiError) error(err.status, err.message);
    throw err;
  }
};
