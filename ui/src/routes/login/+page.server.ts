// Sign-in with the plugin's accounts: e-mail and password, or a Google ID token (when a client id is set),
// through POST /api/user/authenticate; the API's auth_token goes into the UI's HTTP-only cookie.
import { fail, redirect } from '@sveltejs/kit';
import { authenticate, ApiError, type Credentials } from '$lib/server/api-client';
import { uiConfig } from '$lib/server/config';
import { setSession } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.authToken !== null) redirect(303, '/');
  return { googleClientId: uiConfig().googleClientId };
};

function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

/** Only a path of this site: an open redirect through ?next= is refused. */
function nextPath(url: URL): string {
  const next = url.searchParams.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

type ActionEvent = Parameters<Actions[string]>[0];

async function signIn(credentials: Credentials, { cookies, url, getClientAddress }: ActionEvent, email = '') {
  try {
    const { authToken } = await authenticate(credentials, getClientAddress());
    setSession(cookies, authToken);
  } catch (err) {
    if (err instanceof ApiError && err.status < 500)
      return fail(err.status === 429 ? 429 : 400, { email, message: err.message });
    throw err;
  }
  redirect(303, nextPath(url));
}

export const actions: Actions = {
  password: async (event) => {
    const form = await event.request.formData();
    const email = field(form, 'email').trim();
    const password = field(form, 'password');
    if (!email || !password) return fail(400, { email, message: 'Enter your e-mail address and password.' });
    return signIn({ provider: 'no_provider', email, password }, event, email);
  },
  google: async (event) => {
    const token = field(await event.request.formData(), 'credential');
    if (!uiConfig().googleClientId || !token)
      return fail(400, { email: '', message: 'Google sign-in is not available.' });
    return signIn({ provider: 'google', token }, event);
  },
};
