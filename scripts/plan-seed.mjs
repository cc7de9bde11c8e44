/**
 * Writes the plan catalogue seed migration from the core's defaults:
 *   node scripts/plan-seed.mjs [migrations/0005_plan_seed.sql]   (default path shown)
 *   node scripts/plan-seed.mjs --check                           (exit 1 when the file is stale)
 * The defaults are TypeScript, so esbuild bundles them to an ES module first (no tsx needed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { planSeedSql } from './plan-seed-sql.mjs';

const args = process.argv.slice(2);
const check = args.includes('--check');
const path = args.find((a) => !a.startsWith('--')) ?? 'migrations/0005_plan_seed.sql';

const bundle = await build({ entryPoints: ['src/core/plan/defaults.ts'], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'error' });
const defaults = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
const sql = planSeedSql(defaults.DEFAULT_PLAN_SCHEMA, defaults.DEFAULT_WORKOUT_LIBRARY);

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
