/**
 * Helpers shared by the drills (test/drills) and the benches (bench/) that start the app as
 * `npm start` does: a free port, a snapshot of the sources (wrangler dev rebuilds and reloads,
 * answering 503 meanwhile, whenever a watched file changes — and this tree may be edited while a
 * drill runs), and the tree of processes one started (so only those are ever signalled).
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
