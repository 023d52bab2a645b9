// Ground-truth survival: edit similarity of accepted completions to their ground truth at 15, 45 and 90 s.
import { api } from '$lib/server/api-client';
import { loadAnalytics } from '$lib/server/analytics-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
  loadAnalytics(event, async (token, query) => ({ survival: await api.survival(token, query) }));
