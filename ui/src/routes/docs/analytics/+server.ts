// The full metric definitions (the repository's docs/analytics.md), taken into the build, served as text.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// A glob rather than an import: a build without the file still works and answers 404 here.
const docs = import.meta.glob<string>('../../../../../docs/analytics.md', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export const GET: RequestHandler = () => {
  const text = Object.values(docs)[0];
  if (text === undefined) error(404, 'docs/analytics.md was not in this build of the dashboard.');
  return new Response(text, { headers: { 'content-type': 'text/markdown; charset=utf-8' } });
};
