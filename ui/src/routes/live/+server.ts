// The browser's live feed: the API's /api/analytics/live event stream, fetched with the user's token and
// passed through as it comes (closing the browser's connection aborts the API's).
import { error } from '@sveltejs/kit';
import { ApiError, openStream } from '$lib/server/api-client';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, request }) => {
  try {
    const upstream = await openStream('/api/analytics/live', locals.authToken, {}, 'text/event-stream', request.signal);
    return new Response(upstream.body, {
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
    });
  } catch (err) {
    if (err instanceof ApiError) error(err.status, err.message);
    throw err;
  }
};
