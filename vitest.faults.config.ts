// The fault tests (tests/faults/*.faults.test.ts): they start private NATS, PostgreSQL and Redis servers and the
// platform's roles as processes, restart and kill them under load, and take minutes, so they run as their own CI
// step (.ci/faults), never in `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/faults/**/*.faults.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
