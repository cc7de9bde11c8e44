/**
 * Starts the app the way `npm start` does (scripts/start.mjs: migrations, then wrangler dev)
 * on free ports with a throwaway state folder, and stops it (start.mjs stops wrangler's
 * process group on SIGTERM).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningApp {
  url: string;
  /** the port wrangler's DevTools inspector would listen on (only with `devtools`) */
  inspectorPort: number;
  stop(): Promise<void>;
  log(): string;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** `devtools`: start it as `PACELAB_DEVTOOLS=1 npm start` (wrangler's DevTools inspector attached) */
export async function startApp(options: { devtools?: boolean } = {}): Promise<RunningApp> {
  const root = resolve(import.meta.dirname, '..', '..', '..');
  const state = mkdtempSync(join(tmpdir(), 'pacelab-e2e-'));
  const [port, inspector] = [await freePort(), await freePort()];
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), INSPECTOR_PORT: String(inspector), PACELAB_STATE_DIR: state, WRANGLER_LOG_LEVEL: 'warn', PACELAB_DEVTOOLS: options.devtools ? '1' : '' },
  });
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before answering:\n${output}`);
    if (output.includes('Pacelab is running at')) break;
    if (Date.now() > deadline) { child.kill('SIGTERM'); throw new Error(`the app did not start in 120 s:\n${output}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    inspectorPort: inspector,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      rmSync(state, { recursive: true, force: true });
    },
  };
}
