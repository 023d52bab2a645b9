// What every analytics page load does: read the filters from the URL, call the API with the user's token,
// declare the dependency that live updates invalidate, and turn a 401 (expired token) into a new sign-in.
import { error, redirect, type Cookies } from '@sveltejs/kit';
import { readFilters, toApiQuery, type Filters } from '$lib/filters';
import { ANALYTICS_DEPENDENCY } from '$lib/live';
import { ApiError, type Query } from './api-client';
import { clearSession } from './session';

export interface AnalyticsEvent {
  url: URL;
  locals: App.Locals;
  cookies: Cookies;
  depends(...deps: `${string}:${string}`[]): void;
}

export async function loadAnalytics<T>(
  event: AnalyticsEvent,
  read: (token: string, query: Query, filters: Filters) => Promise<T>,
): Promise<T> {
  event.depends(ANALYTICS_DEPENDENCY);
  const token = event.locals.authToken;
  if (token === null) redirect(303, '/login');
  const filters = readFilters(event.url.searchParams);
  try {
    return await read(token, toApiQuery(filters), filters);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      clearSession(event.cookies);
      redirect(303, '/login');
    }
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) error(err.status, err.message);
    throw err;
  }
}
