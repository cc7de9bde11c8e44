/**
 * The app for benchmarks, as `npm start` runs it (scripts/start.mjs → wrangler dev), started from a
 * snapshot of the sources in a temp folder (wrangler dev reloads when a watched file changes and
 * other engineers edit this tree meanwhile; same approach as test/drills/run-drills.mjs), on a free
 * port with its own temp state folder. Every process it starts is tracked by pid: stop() and the
 * memory sampler walk that tree only (/proc), never anything found by name.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, processTree, snapshotSources, wranglerDevEnv } from '../../scripts/lib/local-app.mjs';

export { freePort, processTree, snapshotSources };

/** Resident set size in bytes (VmRSS), 0 when the process is gone. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch { return 0; }
}

/** VmRSS and its anonymous part (RssAnon: heap, not mapped files such as the workerd binary), in bytes; zeros when the process is gone. */
export function memoryOf(pid: number): { rss: number; anon: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon') };
  } catch { return { rss: 0, anon: 0 }; }
}

/** Whether `pid` holds the listening TCP socket on 127.0.0.1:`port` (/proc/net/tcp inode → /proc/<pid>/fd). */
function listensOn(pid: number, port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  try {
    for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A') inodes.add(f[9]!);
    }
    return readdirSync(`/proc/${pid}/fd`).some((fd) => { try { return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''); } catch { return false; } });
  } catch { return false; }
}

/** CPU time (user + system) a process has used so far, in ms; 0 when it is gone (/proc/<pid>/stat, 100 ticks a second). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch { return 0; }
}

/** CPU ms used so far by every workerd process under a root (runtime and wrangler's proxy). */
function workerdCpuMsUnder(rootPid: number): number {
  return processTree(rootPid).filter((p) => p.comm.startsWith('workerd')).reduce((n, p) => n + cpuMsOf(p.pid), 0);
}

export interface AppProcess { pid: number; role: string; rss: number; anon: number }

export interface BenchApp {
  base: string;
  pid: number;
  logFile: string;
  /** RSS of the workerd processes of this app only (descendants of the wrangler we started). */
  workerdRss(): number;
  /**
   * Every process of this app with its role: `workerd (app)` runs the Worker, its Durable Objects
   * and the local R2/D1/Queues; `workerd (proxy)` is wrangler dev's proxy in front of it (it holds
   * the public port); `node` are start.mjs and wrangler.
   */
  processes(): AppProcess[];
  /** CPU ms used so far by each role's processes (summed): on a shared machine, what the app itself spent. */
  cpuMs(): Map<string, number>;
  /** CPU ms used so far by all of this app's workerd processes, counted as the bare Worker's are. */
  workerdCpuMs(): number;
  stop(): Promise<void>;
}

export async function startBenchApp(project: string, vars: Record<string, string> = {}): Promise<BenchApp> {
  const root = snapshotSources(project);
  const stateDir = mkdtempSync(join(tmpdir(), 'pacelab-bench-state-'));
  const port = await freePort();
  const args = Object.entries({ NO_WRITE_LIMIT: '1', ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const logFile = join(stateDir, '..', `${stateDir.split('/').pop()}.log`);
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
    cwd: root,
    // BENCH_INSPECTOR_PORT: wrangler's DevTools inspector on that port (CPU profiles over CDP); off otherwise, as in `npm start`
    env: {
      ...process.env, PACELAB_ENTRY: 'workers/test-entry.ts', PORT: String(port), PACELAB_STATE_DIR: stateDir, WRANGLER_LOG_LEVEL: process.env.BENCH_WRANGLER_LOG_LEVEL ?? 'warn',
      ...(process.env.BENCH_INSPECTOR_PORT ? { PACELAB_DEVTOOLS: '1', INSPECTOR_PORT: process.env.BENCH_INSPECTOR_PORT } : {}),
    },
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
  const roles = new Map<number, string>();
  const roleOf = (pid: number, comm: string) => {
    let role = roles.get(pid);
    if (!role) roles.set(pid, (role = comm.startsWith('workerd') ? (listensOn(pid, port) ? 'workerd (proxy)' : 'workerd (app)') : comm));
    return role;
  };
  return {
    base: `http://127.0.0.1:${port}/api/v1`, pid: child.pid!, logFile, stop,
    workerdRss: () => processTree(child.pid!).filter((p) => p.comm.startsWith('workerd')).reduce((n, p) => n + rssOf(p.pid), 0),
    processes: () => processTree(child.pid!).map(({ pid, comm }) => ({ pid, role: roleOf(pid, comm), ...memoryOf(pid) })),
    workerdCpuMs: () => workerdCpuMsUnder(child.pid!),
    cpuMs: () => {
      const byRole = new Map<string, number>();
      for (const { pid, comm } of processTree(child.pid!)) {
        const role = roleOf(pid, comm);
        byRole.set(role, (byRole.get(role) ?? 0) + cpuMsOf(pid));
      }
      return byRole;
    },
  };
}

export interface LocalWorker {
  base: string;
  logFile: string;
  stop(): Promise<void>;
  /** CPU ms used so far by all of its workerd processes (runtime and wrangler's proxy). */
  workerdCpuMs(): number;
  /** CPU ms used so far by its runtime's workerd alone (the Worker and the local R2/D1/Queues/DOs), as `workerd (app)` is counted for the app. */
  runtimeCpuMs(): number;
}

/**
 * A test-only Worker of bench/support (its wrangler config there) under `wrangler dev` as start.mjs
 * runs the app (local, offline, 127.0.0.1, own temp state, no DevTools proxy), on a free port
 * unless `port` says one. stop() signals only the processes started here.
 */
export async function startLocalWorker(project: string, config: string, options: { port?: number; prefix: string; label: string }): Promise<LocalWorker> {
  const stateDir = mkdtempSync(join(tmpdir(), options.prefix));
  const logFile = `${stateDir}.log`;
  const port = options.port ?? (await freePort());
  const wrangler = join(project, 'node_modules', '.bin', 'wrangler');
  const child = spawn(wrangler, [
    'dev', '-c', join(project, 'bench', 'support', config), '--local', '--ip', '127.0.0.1', '--port', String(port),
    '--inspector-port', String(await freePort()), '--persist-to', stateDir, '--show-interactive-dev-session=false', '--log-level', 'warn',
  ], {
    cwd: project,
    env: wranglerDevEnv(stateDir), // as start.mjs runs the app: offline, no DevTools proxy
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => appendFileSync(logFile, c));
  child.stderr!.on('data', (c) => appendFileSync(logFile, c));
  const exited = new Promise((done) => child.on('exit', done));
  const signal = (sig: NodeJS.Signals) => { for (const { pid } of processTree(child.pid!)) { try { process.kill(pid, sig); } catch { /* gone */ } } };
  const stop = async () => {
    signal('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
    signal('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(stateDir, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/`)).ok) break; } catch { /* not up yet */ }
    if (i > 480) { await stop(); throw new Error(`the ${options.label} did not start in 120 s`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  const runtimeCpuMs = () => processTree(child.pid!).filter((p) => p.comm.startsWith('workerd') && !listensOn(p.pid, port)).reduce((n, p) => n + cpuMsOf(p.pid), 0);
  return { base, logFile, stop, workerdCpuMs: () => workerdCpuMsUnder(child.pid!), runtimeCpuMs };
}

/**
 * The bare Worker (bench/support/bare-worker.ts: streams a POST's body into R2, nothing else),
 * on a free port unless BENCH_BARE_PORT says one.
 */
export function startBareWorker(project: string): Promise<LocalWorker> {
  const port = process.env.BENCH_BARE_PORT ? Number(process.env.BENCH_BARE_PORT) : undefined;
  return startLocalWorker(project, 'bare-wrangler.toml', { port, prefix: 'pacelab-bench-bare-', label: 'bare worker' });
}
