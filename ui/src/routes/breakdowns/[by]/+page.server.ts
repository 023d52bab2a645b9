// One breakdown of the analytics (by model, language, trigger, plugin version, user or time).
import { error } from '@sveltejs/kit';
import type { BreakdownBy } from '$lib/analytics-types';
import { api } from '$lib/server/api-client';
import { loadAnalytics } from '$lib/server/analytics-load';
import type { PageServerLoad } from './$types';

const BY: readonly BreakdownBy[] = ['model', 'language', 'trigger', 'version', 'user', 'time'];

export const load: PageServerLoad = (event) => {
  const by = event.params.by as BreakdownBy;
  if (!BY.includes(by)) error(404, `There is no breakdown by ${event.params.by}.`);
  const interval = event.url.searchParams.get('interval') === 'day' ? 'day' : 'hour';
  return loadAnalytics(event, async (token, query) => ({
    breakdown: await api.breakdown(token, by, by === 'time' ? { ...query, interval } : query),
    by,
    interval,
  }));
};
