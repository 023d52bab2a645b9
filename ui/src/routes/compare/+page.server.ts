// Model comparison: the models picked in the URL (?models=1,3), paired on the same queries.
import { api } from '$lib/server/api-client';
import { loadAnalytics } from '$lib/server/analytics-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
  loadAnalytics(event, async (token, query) => {
    const ids = event.url.searchParams.getAll('models').flatMap((s) => s.split(','));
    const picked = [...new Set(ids.filter((s) => /^\d+$/.test(s)).map(Number))];
    if (picked.length < 2) return { picked, comparison: null };
    return { picked, comparison: await api.compare(token, picked, query) };
  });
