// The UI server's settings: the only module of ui/ that reads the environment. The ui role of the platform
// (src/roles/start-ui.ts) sets them from src/platform/config.ts; docs/configuration.md lists them.
import { env } from '$env/dynamic/private';

export interface UiConfig {
  /** Base URL of the Code4me API, e.g. http://127.0.0.1:8008 (no trailing slash). */
  apiUrl: string;
  /** An OAuth client id for Google sign-in, or null (the button is then not shown). */
  googleClientId: string | null;
  /** Whether the session cookie is marked Secure (the UI is served over https). */
  secureCookie: boolean;
}

export function uiConfig(): UiConfig {
  return {
    apiUrl: (env.C4M_UI_API_URL || 'http://127.0.0.1:8008').replace(/\/+$/, ''),
    googleClientId: env.C4M_UI_GOOGLE_CLIENT_ID || null,
    secureCookie: (env.ORIGIN ?? '').startsWith('https:'),
  };
}
