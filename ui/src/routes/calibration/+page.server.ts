// Calibration of each model's confidence against acceptance (reliability bins, ECE, Brier).
import { api } from '$lib/server/api-client';
import { loadAnalytics } from '$lib/server/analytics-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
  loadAnalytics(event, async (token, query) => ({
    calibration: await api.calibration(token, query),
    bins: event.url.searchParams.get('bins') === 'mass' ? ('mass' as const) : ('width' as const),
  }));
