/**
 * Helpers shared by the drills (test/drills) and the benches (bench/) that start the app as
 * `npm start` does: a free port, a snapshot of the sources (wrangler dev rebuilds and reloads,
 * answering 503 meanwhile, whenever a watched file changes — and this tree may be edited while a
 * drill runs), the tree of processes one started (so only those are ever signalled), and the
 * environment `wrangler dev` runs in (scripts/start.mjs and the bench's bare Worker share it).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort() {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => done(p)); });
  });
}

/** A copy of what wrangler dev needs in a temp folder; node_modules is linked. */
export function snapshotSources(project, prefix = 'pacelab-app-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const item of ['src', 'workers', 'migrations', 'scripts', 'wrangler.toml', 'package.json', 'tsconfig.json', 'worker-configuration.d.ts']) {
    try { cpSync(join(project, item), join(dir, item), { recursive: true }); } catch { /* optional file */ }
  }
  symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Every descendant of `root` (read from /proc), root included, with its command name. */
export function processTree(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(join('/proc', name, 'stat'), 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch { /* exited meanwhile */ }
  }
  const out = [];
  const stack = [root];
  while (stack.length > 0 && out.length < 500) {
    const pid = stack.pop();
    let comm = '?';
    try { comm = readFileSync(join('/proc', String(pid), 'comm'), 'utf8').trim(); } catch { /* gone */ }
    out.push({ pid, comm });
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * The environment for a local `wrangler dev`: offline and self-contained (no telemetry, no update
 * check, no cf.json fetch; wrangler's config, logs, registry and cache under `dir`), and without
 * wrangler's DevTools inspector proxy unless `devtools`.
 *
 * Why no DevTools by default: wrangler dev (4.86.0, templates/startDevWorker/InspectorProxyWorker.ts)
 * connects an inspector proxy to the app's runtime and enables its Network domain, so every
 * subrequest — each D1, R2, Durable Object and queue call — raises about four inspector events,
 * and the proxy posts each one to wrangler's Node process as a debug-log request (dropped there
 * below debug level) and keeps it in a buffer that grows until a DevTools window attaches.
 * Measured on 2026-12-03 (issue 14): ≈ 4 s of wrangler's Node CPU and ≈ 2 s of its proxy's per
 * 1,000-activity import, the proxy's memory growing with every call. Nothing else depends on it:
 * console output and uncaught errors reach the terminal through workerd's structured logs.
 * wrangler has no flag for it; it skips the proxy when VSCODE_INSPECTOR_OPTIONS is set (it
 * assumes VS Code's debugger is attached), and a terminal where that variable is set keeps it.
 */
export function wranglerDevEnv(dir, { devtools = false } = {}) {
  const off = devtools || process.env.VSCODE_INSPECTOR_OPTIONS ? {} : { VSCODE_INSPECTOR_OPTIONS: 'pacelab: DevTools off (PACELAB_DEVTOOLS=1 turns them on)' };
  return {
    ...process.env,
    ...off,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    XDG_CONFIG_HOME: join(dir, 'xdg'),
    WRANGLER_LOG_PATH: join(dir, 'logs'),
    WRANGLER_REGISTRY_PATH: join(dir, 'registry'),
    MINIFLARE_CACHE_DIR: join(dir, 'cache'),
  };
}
