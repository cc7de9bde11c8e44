#!/usr/bin/env node
/**
 * `npm run drill [-- S1 S5 …] [--short]`: reliability drills against the app started as
 * `npm start` runs it with the test entry (own port, own temp state folder, test-only vars), 127.0.0.1 only, every
 * loop bounded in count and time. Each scenario prints PASS/FAIL and its figures; the oracle
 * (oracle.mjs) runs after each. Exit code 1 when any scenario fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { snapshotSources } from '../../scripts/lib/local-app.mjs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApp } from './app.mjs';
import { loadCorpus } from './fixtures.mjs';
import { SCENARIOS } from './scenarios.mjs';

const project = resolve(import.meta.dirname, '..', '..');

// A snapshot of the sources: this tree may be edited while drills run.
const root = snapshotSources(project, 'pacelab-drill-app-');
const corpusDir = resolve(process.env.FIT_CORPUS ?? join(project, '..', 'shared', 'fit-corpus'));
const args = process.argv.slice(2);
const short = args.includes('--short');
const wanted = args.filter((a) => /^S\d+$/i.test(a)).map((a) => a.toUpperCase());
const selected = SCENARIOS.filter((s) => !(short && s.skipShort && !wanted.includes(s.id))).filter((s) => wanted.length === 0 || wanted.includes(s.id) || (s.id === 'REF' && wanted.some((w) => ['S3', 'S4', 'S5'].includes(w))));
const log = (line) => console.log(line);

const results = [];
const temps = [];
const apps = new Set();
const ctx = {
  root, short, log, corpus: loadCorpus(corpusDir), reference: null,
  /** a fresh app with its own state folder and vars; stopped at the end whatever happens */
  async app(vars, stateDir) {
    if (!stateDir) { stateDir = mkdtempSync(join(tmpdir(), 'pacelab-drill-')); temps.push(stateDir); }
    const app = await startApp({ root, stateDir, vars: { NO_WRITE_LIMIT: '1', ...vars }, log });
    apps.add(app);
    log(`  app on ${app.base} (pid ${app.pid}, started in ${(app.startMs / 1000).toFixed(1)} s, log ${app.logFile})`);
    return app;
  },
  async stop(app) { apps.delete(app); await app.stop(); },
  /** one fault-free app shared by the scenarios that need no special vars (saves start-ups) */
  async clean() {
    if (!ctx.sharedApp) { ctx.sharedApp = await ctx.app({ FAULTS: '{}' }); apps.delete(ctx.sharedApp); }
    return ctx.sharedApp;
  },
  forget(app) { apps.delete(app); },
};

const t0 = Date.now();
try {
  for (const scenario of selected) {
    log(`\n▶ ${scenario.id} ${scenario.title}`);
    const started = Date.now();
    let outcome;
    try {
      outcome = await scenario.run(ctx);
    } catch (error) {
      outcome = { pass: false, figures: {}, problems: [`threw: ${error instanceof Error ? error.stack?.split('\n').slice(0, 3).join(' ') : String(error)}`] };
    }
    for (const app of [...apps]) await ctx.stop(app);
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    log(`  figures: ${JSON.stringify(outcome.figures)}`);
    for (const p of outcome.problems.slice(0, 12)) log(`  ✗ ${p}`);
    log(`${outcome.pass ? 'PASS' : 'FAIL'} ${scenario.id} ${scenario.title} (${secs} s)`);
    results.push({ id: scenario.id, pass: outcome.pass });
  }
} finally {
  for (const app of [...apps]) await app.stop();
  if (ctx.sharedApp) await ctx.sharedApp.stop();
  for (const dir of [...temps, root]) rmSync(dir, { recursive: true, force: true });
}
const failed = results.filter((r) => !r.pass);
// Worded unlike a test runner's "N passed, N failed" line: CI reads that line from `npm test`.
console.log(`\ndrill scenarios: ${results.length - failed.length} of ${results.length} passed in ${((Date.now() - t0) / 1000).toFixed(0)} s${failed.length ? `; failed: ${failed.map((r) => r.id).join(', ')}` : ''}`);
process.exit(failed.length > 0 ? 1 : 0);
