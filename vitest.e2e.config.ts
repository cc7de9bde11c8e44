import { defineConfig } from 'vitest/config';

// Real browser (Debian's chromium via playwright-core) against the app started by scripts/start.mjs.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
