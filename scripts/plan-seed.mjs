/**
 * Writes the workout-library seed migration of the current library version from the core's defaults:
 *   node scripts/plan-seed.mjs [migrations/directory/NNNN_plan_library_vN.sql]   (default: the file named for the version)
 *   node scripts/plan-seed.mjs --check                                  (exit 1 when the file is stale)
 * directory/0001_plan_seed.sql (schema v1 + library v1) is frozen: plans made with v1 still read it.
 * To change the library: bump DEFAULT_WORKOUT_LIBRARY.version, `DRIZZLE_DB=directory npx drizzle-kit
 * generate --custom --name plan_library_vN`, then run this script. (The catalogue is in the directory database.) The defaults are TypeScript, so esbuild bundles
 * them to an ES module first (no tsx needed).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { planLibrarySeedSql } from './plan-seed-sql.mjs';

const args = process.argv.slice(2);
const check = args.includes('--check');

const bundle = await build({ entryPoints: ['src/core/plan/defaults.ts'], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'error' });
const defaults = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
const library = defaults.DEFAULT_WORKOUT_LIBRARY;
const named = readdirSync('migrations/directory').find((f) => f.endsWith(`_plan_library_v${library.version}.sql`));
const path = args.find((a) => !a.startsWith('--')) ?? (named ? `migrations/directory/${named}` : undefined);
if (!path) {
  console.error(`no migrations/directory/NNNN_plan_library_v${library.version}.sql: run DRIZZLE_DB=directory npx drizzle-kit generate --custom --name plan_library_v${library.version}`);
  process.exit(1);
}
const sql = planLibrarySeedSql(library);

if (check) {
  const current = readFileSync(path, 'utf8');
  if (current !== sql) {
    console.error(`${path} is stale: run node scripts/plan-seed.mjs`);
    process.exit(1);
  }
  console.log(`${path} matches the defaults`);
} else {
  writeFileSync(path, sql);
  console.log(`wrote ${path} (${sql.length} bytes)`);
}
