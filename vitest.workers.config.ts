import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { loadCorpusBindings, loadCorpusLapCounts } from './test/support/corpus-bindings.ts';
import { fit24hBinding, fitFutureBindings, fitRunsBindings } from './test/support/fit-24h.ts';
import { loadGpxTcxCorpusBindings } from './test/support/gpx-tcx-corpus.ts';

// Integration tests inside workerd (the runtime `wrangler dev` uses) with local R2, D1, Queues
// and the coordinator Durable Object. There is no file system in workerd: corpus files come in
// as a JSON binding (base64), migrations as another.
export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      main: './workers/test-entry.ts',
      wrangler: { configPath: './test/wrangler.test.toml' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS_DIRECTORY: await readD1Migrations('./migrations/directory'),
          TEST_MIGRATIONS_DATA: await readD1Migrations('./migrations/data'),
          CORPUS: loadCorpusBindings(),
          // MANIFEST.md lap count per valid activity file
          CORPUS_LAPS: loadCorpusLapCounts(),
          GPX_TCX: loadGpxTcxCorpusBindings(),
          // generated in Node (fit-file-parser's encoder): the 24 h 1 Hz run, base64
          FIT_24H: fit24hBinding(),
          // short runs dated 2100 and 23 h from now (implausible_time, history never past today)
          FIT_FUTURE: fitFutureBindings(),
          // four short runs on consecutive days in March 2026 (quota, deletion, export)
          FIT_RUNS: fitRunsBindings(),
        },
      },
    }),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    setupFiles: ['./test/workers/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
}));
