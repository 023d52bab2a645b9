// Download of the current filter's completions dataset: GET /api/datasets/completions with the user's token,
// streamed through as the API writes it (researchers only: the API answers 403 to a plain user).
import { error } from '@sveltejs/kit';
import { readFilters, toApiQuery } from '$lib/filters';
import { ApiError, openStream } from '$lib/server/api-client';
import type { RequestHandler } from './$types';

const FORMATS = new Set(['csv', 'ndjson', 'parquet', 'arrow']);
const PASSED = ['format', 'from', 'to', 'model_id', 'language_id', 'trigger_type_id', 'user_id'];

export const GET: RequestHandler = async ({ locals, url, request }) => {
  const format = url.searchParams.get('format') ?? 'csv';
  if (!FORMATS.has(format)) error(400, `format must be one of ${[...FORMATS].join(', ')}`);
  const all: Record<string, string | undefined> = { ...toApiQuery(readFilters(url.searchParams)), format };
  const query = Object.fromEntries(PASSED.map((k) => [k, all[k]]));
  try {
    const upstream = await openStream(
      '/api/datasets/completions',
      locals.authToken,
      query,
      '*/*',
      request.signal,
    );
    const headers = new Headers();
    for (const h of ['content-type', 'content-disposition', 'x-stream-sequence']) {
      const v = upstream.headers.get(h);
      if (v !== null) headers.set(h, v);
    }
    return new Response(upstream.body, { headers });
  } catch (err) {
    if (err instanceof ApiError) error(err.status, err.message);
    throw err;
  }
};
