// The signed-in user (name, admin) and the names for the filters, for every page but the sign-in page.
import { redirect } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api-client';
import { clearSession } from '$lib/server/session';
import { cachedUser, forgetUser } from '$lib/server/user-cache';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, cookies, url }) => {
  const token = locals.authToken;
  if (token === null || url.pathname.startsWith('/login')) return { user: null, dimensions: null };
  try {
    const [user, dimensions] = await Promise.all([cachedUser(token), api.dimensions(token)]);
    return { user: { name: user.name, email: user.email, isAdmin: user.is_admin }, dimensions };
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      forgetUser(token);
      clearSession(cookies);
      redirect(303, '/login');
    }
    throw err;
  }
};
