// The signed-in user's name and role for the page frame, kept a minute per token: every page load would
// otherwise call /api/user/get, whose rate limit (per client address) all of the UI's users share.
import { api, type ApiUser } from './api-client';

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { user: ApiUser; at: number }>();

export async function cachedUser(token: string, now = Date.now()): Promise<ApiUser> {
  const hit = cache.get(token);
  if (hit && now - hit.at < TTL_MS) return hit.user;
  const user = await api.user(token);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(token, { user, at: now });
  return user;
}

export function forgetUser(token: string): void {
  cache.delete(token);
}
