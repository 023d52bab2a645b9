// Sign out: forgets the UI's session cookie (the API's token then expires on its own).
import { redirect } from '@sveltejs/kit';
import { clearSession } from '$lib/server/session';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ cookies }) => {
  clearSession(cookies);
  redirect(303, '/login');
};
