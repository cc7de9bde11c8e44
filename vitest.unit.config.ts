import { defineConfig } from 'vitest/config';

// Plain Node: the pure core, jobs with in-memory fakes, routes with fake deps.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
