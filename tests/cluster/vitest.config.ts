// The cluster tests (tests/cluster/*.cluster.test.ts): each starts its own NATS cluster, so they run on their
// own (`.ci/cluster`), one file at a time, outside `npm test`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/cluster/**/*.cluster.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    globalSetup: ['tests/setup/global-setup.ts'],
  },
});
