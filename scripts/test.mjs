#!/usr/bin/env node
// `npm test`: type check, unit tests (plain Node), integration tests (workerd), browser tests
// (Chromium). Runs every stage even when one fails, prints a closing "N passed, N failed"
// line, and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.cache', 'test');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' };

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

function stage(title, command, args) {
  console.log(`\n▶ ${title}`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  return run.status === 0;
}

function vitest(title, config, report) {
  const file = join(out, report);
  const ok = stage(title, bin('vitest'), ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  try {
    const result = JSON.parse(readFileSync(file, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + result.numTodoTests;
    if (result.numTotalTests === 0) problems.push(`${title}: no test ran`);
  } catch {
    problems.push(`${title}: no report (the runner crashed)`);
  }
  if (!ok) problems.push(`${title} failed`);
}

if (stage('type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])) passed += 1;
else { failed += 1; problems.push('type check failed'); }
vitest('unit tests (Node)', 'vitest.unit.config.ts', 'unit.json');
vitest('integration tests (workerd)', 'vitest.workers.config.ts', 'workers.json');
// Real Chromium against the app started by scripts/start.mjs; with CI=true a missing chromium fails.
vitest('browser tests (Chromium)', 'vitest.e2e.config.ts', 'e2e.json');

console.log('');
for (const p of problems) console.log(`✗ ${p}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(problems.length > 0 || failed > 0 ? 1 : 0);
