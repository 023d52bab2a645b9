// Vite for the dashboard: SvelteKit's plugin; the dev server may read ../docs (the metric definitions).
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [sveltekit()], server: { fs: { allow: ['../docs'] } } });
