// The dashboard's filters, kept in the page URL so a view can be shared: a time window (or from/to) and the
// dimensions of the analytics contract. toApiQuery turns them into the API's query parameters.
export const WINDOWS = {
  '1h': 3_600_000,
  '6h': 21_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
  '30d': 2_592_000_000,
} as const;
export type WindowName = keyof typeof WINDOWS;

export interface Filters {
  window: WindowName;
  from: string;
  to: string;
  model: string;
  language: string;
  trigger: string;
  version: string;
  user: string;
}

/** URL parameter → API parameter, for the dimension filters. */
export const DIMENSION_PARAMS = {
  model: 'model_id',
  language: 'language_id',
  trigger: 'trigger_type_id',
  version: 'plugin_version_id',
  user: 'user_id',
} as const;

export function readFilters(params: URLSearchParams): Filters {
  const w = params.get('window') ?? '';
  return {
    window: w in WINDOWS ? (w as WindowName) : '24h',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    model: params.get('model') ?? '',
    language: params.get('language') ?? '',
    trigger: params.get('trigger') ?? '',
    version: params.get('version') ?? '',
    user: params.get('user') ?? '',
  };
}

/** The API query of the filters: explicit from/to win over the window, which ends now. */
export function toApiQuery(f: Filters, now: Date = new Date()): Record<string, string | undefined> {
  const to = f.to || now.toISOString();
  const from = f.from || new Date(new Date(to).getTime() - WINDOWS[f.window]).toISOString();
  const query: Record<string, string | undefined> = { from, to };
  for (const [name, param] of Object.entries(DIMENSION_PARAMS)) {
    const value = f[name as keyof typeof DIMENSION_PARAMS];
    if (value) query[param] = value;
  }
  return query;
}

/** The filter part of a URL's search, to carry the filters across the navigation links. */
export function filterSearch(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of ['window', 'from', 'to', ...Object.keys(DIMENSION_PARAMS)]) {
    const v = params.get(key);
    if (v) kept.set(key, v);
  }
  const s = kept.toString();
  return s ? `?${s}` : '';
}
