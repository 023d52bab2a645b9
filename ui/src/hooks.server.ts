// Every request: refuses cross-site form posts (comparing hosts, see svelte.config.js), reads the session
// cookie into locals and sends a visitor without one to the sign-in page.
import { redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/session';
import { ApiError } from '$lib/server/api-client';

const PUBLIC = ['/login'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function crossSite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  try {
    return new URL(origin).host !== request.headers.get('host');
  } catch {
    return true;
  }
}

export const handle: Handle = async ({ event, resolve }) => {
  if (crossSite(event.request))
    return new Response('Cross-site form submissions are forbidden', { status: 403 });
  event.locals.authToken = event.cookies.get(SESSION_COOKIE) ?? null;
  const path = event.url.pathname;
  if (event.locals.authToken === null && !PUBLIC.some((p) => path === p || path.startsWith(`${p}/`))) {
    if (path === '/live' || path === '/download') return new Response('Sign in first', { status: 401 });
    const next = path === '/' ? '' : `?next=${encodeURIComponent(path + event.url.search)}`;
    redirect(303, `/login${next}`);
  }
  return resolve(event);
};

/** An unreachable or failing API shows as a message on the error page, not as a stack trace. */
export const handleError: HandleServerError = ({ error, status }) => {
  if (error instanceof ApiError) return { message: error.message, status: error.status };
  if (error instanceof TypeError && /fetch failed/.test(error.message)) {
    return { message: 'The Code4me API does not answer.', status: 502 };
  }
  return { message: status === 404 ? 'Not found' : 'Internal error', status };
};
