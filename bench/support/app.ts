/**
 * The app for benchmarks, as `npm start` runs it (scripts/start.mjs → wrangler dev), started from a
 * snapshot of the sources in a temp folder (wrangler dev reloads when a watched file changes and
 * other engineers edit this tree meanwhile; same approach as test/drills/run-drills.mjs), on a free
 * port with its own temp state folder. Every process it starts is tracked by pid: stop() and the
 * memory sampler walk that tree only (/proc), never anything found by name.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => done(p)); });
  });
}

/** A copy of what wrangler dev needs; node_modules is linked. */
export function snapshotSources(project: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pacelab-bench-app-'));
  for (const item of ['src', 'workers', 'migrations', 'scripts', 'wrangler.toml', 'package.json', 'tsconfig.json', 'worker-configuration.d.ts']) {
    try { cpSync(join(project, item), join(dir, item), { recursive: true }); } catch { /* optional file */ }
  }
  symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Pids of every descendant of `root` (from /proc), root included, with their command names. */
export function processTree(root: number): Array<{ pid: number; comm: string }> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(join('/proc', name, 'stat'), 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(name));
    } catch { /* exited meanwhile */ }
  }
  const out: Array<{ pid: number; comm: string }> = [];
  const stack = [root];
  while (stack.length > 0 && out.length < 500) {
    const pid = stack.pop()!;
    let comm = '?';
    try { comm = readFileSync(join('/proc', String(pid), 'comm'), 'utf8').trim(); } catch { /* gone */ }
    out.push({ pid, comm });
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Resident set size in bytes (VmRSS), 0 when the process is gone. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch { return 0; }
}

export interface BenchApp {
  base: string;
  pid: number;
  logFile: string;
  /** RSS of the workerd processes of this app only (descendants of the wrangler we started). */
  workerdRss(): number;
  stop(): Promise<void>;
}

export async function startBenchApp(project: string, vars: Record<string, string> = {}): Promise<BenchApp> {
  const root = snapshotSources(project);
  const stateDir = mkdtempSync(join(tmpdir(), 'pacelab-bench-state-'));
  const port = await freePort();
  const args = Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const logFile = join(stateDir, '..', `${stateDir.split('/').pop()}.log`);
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, PORT: String(port), INSPECTOR_PORT: String(await freePort()), PACELAB_STATE_DIR: stateDir, WRANGLER_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => appendFileSync(logFile, c));
  child.stderr!.on('data', (c) => appendFileSync(logFile, c));
  const exited = new Promise((done) => child.on('exit', done));
  const signal = (sig: NodeJS.Signals) => { for (const { pid } of processTree(child.pid!)) { try { process.kill(pid, sig); } catch { /* gone */ } } };
  const cleanup = () => { rmSync(stateDir, { recursive: true, force: true }); rmSync(root, { recursive: true, force: true }); };
  const stop = async () => {
    signal('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
    signal('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    cleanup();
  };
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`the app did not start in 120 s (log ${logFile})`)), 120_000);
      child.stdout!.on('data', (c) => { if (String(c).includes('Pacelab is running')) { clearTimeout(timer); ready(); } });
      child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`the app exited (${code}; log ${logFile})`)); });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    base: `http://127.0.0.1:${port}/api/v1`, pid: child.pid!, logFile, stop,
    workerdRss: () => processTree(child.pid!).filter((p) => p.comm.startsWith('workerd')).reduce((n, p) => n + rssOf(p.pid), 0),
  };
}
