import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // ui/'s own unit tests (ui/src/lib/*.test.ts) run here too; its build output does not.
    exclude: [
      '**/node_modules/**',
      'ui/build/**',
      'ui/.svelte-kit/**',
      'models/recipe/work/**',
      '**/*.faults.test.ts',
    ],
    // *.faults.test.ts restart services and kill processes for minutes: their own step (.ci/faults).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files share 2 cores and real services; each file owns its database, stream and key prefix.
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ['tests/setup/global-setup.ts'],
  },
});
