// The overview: the window's headline numbers and their course over time (hourly up to a day, else daily).
import { api } from '$lib/server/api-client';
import { loadAnalytics } from '$lib/server/analytics-load';
import { WINDOWS } from '$lib/filters';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
  loadAnalytics(event, async (token, query, filters) => {
    const interval = !filters.from && WINDOWS[filters.window] <= WINDOWS['24h'] ? 'hour' : 'day';
    const [overview, time] = await Promise.all([
      api.overview(token, query),
      api.breakdown(token, 'time', { ...query, interval }),
    ]);
    return { overview, time };
  });
