// Headers a middleware puts on every answer, set before the route runs. Served by @hono/node-server they go
// straight onto Node's response, which merges them into whatever answer is written (the route's, the error
// handler's, the 404's, node-server's own 500), the answer's own headers winning. In process (app.request) they
// go into the context, so the answer the route builds carries them. Either way nothing touches the finished
// answer: a header added to it makes node-server turn its lightweight Response into a real one and stream its
// body, and the web Headers of the context cost more than Node's (a tenth and a fortieth of the API's CPU per
// completion).
import type { HttpBindings } from '@hono/node-server';
import type { Context, Next } from 'hono';

export type HeaderList = readonly (readonly [name: string, value: string])[];

/**
 * Sets `headers` and runs the rest of the chain; a header the answer sets itself is kept. In process, an answer
 * built without the context (`new Response`) then gets those it lacks: the first header is the one whose absence
 * shows that, so it must be one no route sets itself.
 */
export function presetHeaders(c: Context, next: Next, headers: HeaderList): Promise<void> {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (!outgoing) return presetInContext(c, next, headers);
  for (const [name, value] of headers) outgoing.setHeader(name, value);
  return next();
}

async function presetInContext(c: Context, next: Next, headers: HeaderList): Promise<void> {
  for (const [name, value] of headers) c.header(name, value);
  await next();
  const first = headers[0];
  const sent = c.res.headers;
  if (first === undefined || sent.has(first[0])) return;
  for (const [name, value] of headers) if (!sent.has(name)) sent.set(name, value);
}

/**
 * One header that a middleware decides on before the route runs (the rate limit's counts): onto Node's response
 * when served by @hono/node-server, into the context in process, as presetHeaders does.
 */
export function setHeaderAhead(c: Context, name: string, value: string): void {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (outgoing) outgoing.setHeader(name, value);
  else c.header(name, value);
}
