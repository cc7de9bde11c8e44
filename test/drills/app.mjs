/**
 * The app as `npm start` runs it (scripts/start.mjs → wrangler dev), on a free port with its own
 * state folder, plus the drill's vars (`--var K:V`). Every process it starts is tracked by pid:
 * stop() and kill9() walk that tree only, never anything by name.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, processTree } from '../../scripts/lib/local-app.mjs';

export { freePort };

function signalTree(root, signal) {
  const pids = processTree(root).map((p) => p.pid);
  for (const pid of pids) { try { process.kill(pid, signal); } catch { /* gone */ } }
  return pids.length;
}

export async function startApp({ root, stateDir, vars = {}, port, log = () => {} }) {
  port ??= await freePort();
  const args = Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${typeof v === 'string' ? v : JSON.stringify(v)}`]);
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, PACELAB_ENTRY: 'workers/test-entry.ts', PORT: String(port), INSPECTOR_PORT: String(await freePort()), PACELAB_STATE_DIR: stateDir, WRANGLER_LOG_LEVEL: process.env.DRILL_WRANGLER_LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = 0;
  // Everything the app prints is kept for diagnosis (wrangler restarts, runtime errors).
  const logDir = join(tmpdir(), 'pacelab-drill-logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `app-${port}.log`);
  child.stdout.on('data', (c) => appendFileSync(logFile, c));
  child.stderr.on('data', (c) => appendFileSync(logFile, c));
  child.stderr.on('data', (c) => { const t = String(c); if (/\b5\d\d\b|unhandled|exceeded/i.test(t)) { errors++; log(`[app] ${t.slice(0, 300)}`); } });
  await new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error('the app did not start in 120 s')), 120_000);
    child.stdout.on('data', (c) => { if (String(c).includes('Pacelab is running')) { clearTimeout(timer); ready(); } });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`the app exited (${code})`)); });
  });
  const exited = new Promise((done) => child.on('exit', done));
  return {
    port, stateDir, logFile, base: `http://127.0.0.1:${port}`, pid: child.pid, startMs: Date.now() - started,
    errors: () => errors,
    /** SIGKILL to every process of the tree at once: no shutdown, no flush (drill S5). */
    kill9: async () => { const n = signalTree(child.pid, 'SIGKILL'); await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]); return n; },
    stop: async () => {
      signalTree(child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
      signalTree(child.pid, 'SIGKILL');
    },
  };
}
