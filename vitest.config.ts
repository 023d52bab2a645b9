import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // ui/'s own unit tests (ui/src/lib/*.test.ts) run here too; its build output does not.
    // tests/cluster/*.cluster.test.ts start their own NATS cluster and kill its nodes: .ci/cluster runs them.
    // *.faults.test.ts restart services and kill processes for minutes: their own step (.ci/faults).
    exclude: [
      '**/node_modules/**',
      'ui/build/**',
      'ui/.svelte-kit/**',
      'models/recipe/work/**',
      '**/*.cluster.test.ts',
      '**/*.faults.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files share 2 cores and real services; each file owns its database, stream and key prefix.
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ['tests/setup/global-setup.ts'],
  },
});
