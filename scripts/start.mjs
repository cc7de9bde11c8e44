#!/usr/bin/env node
// `npm start`: apply local D1 migrations, then run the app with `wrangler dev` on 127.0.0.1,
// fully offline, with every binding simulated and state persisted under .wrangler/state
// (PACELAB_STATE_DIR overrides). PORT (default 8787) and INSPECTOR_PORT (default PORT+1000).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 8787);
const inspectorPort = Number(process.env.INSPECTOR_PORT ?? port + 1000);
const stateDir = resolve(root, process.env.PACELAB_STATE_DIR ?? join('.wrangler', 'state'));
const wranglerDir = join(root, '.wrangler');
for (const [name, value] of [['PORT', port], ['INSPECTOR_PORT', inspectorPort]]) {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`${name} must be a port number (1–65535), got "${process.env[name]}".`);
    process.exit(2);
  }
}

// Offline and self-contained: no telemetry, no update check, no cf.json fetch, and wrangler's
// logs/registry/config inside the project rather than the user's home.
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  XDG_CONFIG_HOME: join(wranglerDir, 'xdg'),
  WRANGLER_LOG_PATH: join(wranglerDir, 'logs'),
  WRANGLER_REGISTRY_PATH: join(wranglerDir, 'registry'),
  MINIFLARE_CACHE_DIR: join(wranglerDir, 'cache'),
};
for (const dir of [stateDir, env.XDG_CONFIG_HOME, env.WRANGLER_LOG_PATH, env.WRANGLER_REGISTRY_PATH]) mkdirSync(dir, { recursive: true });
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');

function portFree(p) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(p, '127.0.0.1', () => server.close(() => done(true)));
  });
}

for (const [name, value] of [['PORT', port], ['INSPECTOR_PORT', inspectorPort]]) {
  if (!(await portFree(value))) {
    console.error(`Port ${value} on 127.0.0.1 is already in use. Set ${name} to a free port, e.g. ${name}=${value + 1} npm start`);
    process.exit(2);
  }
}

console.log(`Applying D1 migrations (state in ${stateDir})…`);
const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
if (migrate.status !== 0) {
  process.stdout.write(migrate.stdout ?? '');
  console.error('Applying migrations failed.');
  process.exit(1);
}

// PACELAB_ENTRY: another entry for the same wrangler.toml — only the drills and benches set it, to
// workers/test-entry.ts (the ledger route, fault hooks); `npm start` runs workers/index.ts.
const entry = process.env.PACELAB_ENTRY ? [process.env.PACELAB_ENTRY] : [];
const child = spawn(wrangler, [
  'dev', ...entry, '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort),
  '--persist-to', stateDir, '--show-interactive-dev-session=false', '--log-level', process.env.WRANGLER_LOG_LEVEL ?? 'info',
  // Extra `wrangler dev` arguments after `--` (e.g. the drills' `--var FAULTS:{…}`); none by default.
  ...process.argv.slice(2),
], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });

let stopping = false;
child.stdout.on('data', (chunk) => process.stdout.write(chunk));

// Announce once the app answers (whatever wrangler's log level prints).
(async () => {
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      if (res.ok) {
        console.log(`\nPacelab is running at http://127.0.0.1:${port}/ (API: http://127.0.0.1:${port}/api/v1, Ctrl-C to stop)`);
        return;
      }
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
})();

function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\nStopping (${signal})…`);
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', (code, signal) => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));
