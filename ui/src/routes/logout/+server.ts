// Sign out: forgets the UI's session cookie (the API's token then expires on its own).
import { redirect } from '@sveltejs/kit';
import { clearSession, SESSION_COOKIE } from '$lib/server/session';
import { forgetUser } from '$lib/server/user-cache';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ cookies }) => {
  const token = cookies.get(SESSION_COOKIE);
  if (token) forgetUser(token);
  clearSession(cookies);
  redirect(303, '/login');
};
