// SvelteKit configuration: Node adapter (the ui role runs build/index.js), TypeScript through vite.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ precompress: false }),
    // The origin check of form posts runs in src/hooks.server.ts, comparing hosts: the UI is reached as
    // localhost and as 127.0.0.1 alike, and over plain HTTP where adapter-node would assume https.
    csrf: { trustedOrigins: ['*'] },
  },
};
