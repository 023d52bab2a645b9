// The UI's session cookie: it holds the API's auth_token, HTTP-only and SameSite=lax, for as long as the API's
// token lives (AUTHENTICATION_TOKEN_EXPIRES_IN_SECONDS, a day by default; the API refuses it after that).
import type { Cookies } from '@sveltejs/kit';
import { uiConfig } from './config';

export const SESSION_COOKIE = 'c4m_ui_session';
const MAX_AGE_S = 86_400;

export function setSession(cookies: Cookies, authToken: string): void {
  cookies.set(SESSION_COOKIE, authToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: uiConfig().secureCookie,
    maxAge: MAX_AGE_S,
  });
}

export function clearSession(cookies: Cookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/', secure: uiConfig().secureCookie });
}
