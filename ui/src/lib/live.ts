// Live updates: an EventSource on the UI's /live route (which proxies the API's /api/analytics/live with the
// user's cookie); each `changed` event re-runs the analytics loads, at most one at a time.
import { invalidate } from '$app/navigation';

export const ANALYTICS_DEPENDENCY = 'app:analytics';

export type LiveState = 'connecting' | 'live' | 'offline';

export function followLive(onState: (s: LiveState) => void): () => void {
  const source = new EventSource('/live');
  let running = false;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await invalidate(ANALYTICS_DEPENDENCY);
      } while (again);
    } finally {
      running = false;
    }
  };
  onState('connecting');
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('error', () =>
    onState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting'),
  );
  source.addEventListener('changed', () => void refresh());
  return () => source.close();
}
