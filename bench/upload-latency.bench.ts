/**
 * Upload answer latency: 20 concurrent clients POST 1–2 MB FIT uploads (multipart) to the app
 * started as `npm start` would (wrangler dev, local bindings), measured with autocannon.
 * Goal: p99 < 300 ms. The background imports run on the same machine meanwhile.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../scripts/lib/local-app.mjs';

const root = process.cwd(); // npm run bench runs from the project root
const corpus = resolve(process.env.FIT_CORPUS ?? join(root, '..', 'shared', 'fit-corpus'));
const CONNECTIONS = 20;
const REQUESTS = Number(process.env.BENCH_UPLOADS ?? 400);

function multipart(name: string, bytes: Uint8Array, boundary: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

async function main() {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'pacelab-bench-'));
  const app = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--var', 'NO_WRITE_LIMIT:1'], {
    // the test entry without the per-IP outer limit: every bench client is 127.0.0.1
    cwd: root, env: { ...process.env, PACELAB_ENTRY: 'workers/test-entry.ts', PORT: String(port), INSPECTOR_PORT: String(await freePort()), PACELAB_STATE_DIR: state, WRANGLER_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error('the app did not start in 90 s')), 90_000);
      app.stderr!.on('data', (c) => { if (/error|exception/i.test(String(c))) process.stderr.write(`[app] ${String(c).slice(0, 400)}`); });
      app.stdout!.on('data', (c) => { if (String(c).includes('Pacelab is running')) { clearTimeout(timer); ready(); } });
      app.on('exit', () => fail(new Error('the app exited')));
    });
    const base = `http://127.0.0.1:${port}/api/v1`;
    // Four runners, five clients each: one runner may have 16 uploads in flight (429 beyond).
    const tokens: string[] = [];
    for (let r = 0; r < 4; r++) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `bench${r}@example.com`, password: 'bench password 123', name: 'Bench' }) };
      await fetch(`${base}/auth/signup`, init);
      tokens.push(((await (await fetch(`${base}/auth/token`, init)).json()) as { token: string }).token);
    }
    // Real FIT data cut to 1 and 2 MB (imports reject them as truncated, cheaply: this measures the answer).
    const big = readFileSync(join(corpus, 'ride-bryton-big-2p4mb.fit'));
    const boundary = 'pacelabbenchboundary';
    const bodies = [multipart('one-mb.fit', big.subarray(0, 1_000_000), boundary), multipart('two-mb.fit', big.subarray(0, 2_000_000), boundary)];
    let i = 0;
    const run = (connections: number, amount: number) => autocannon({
      url: `${base}/uploads`, connections, amount, method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      requests: [{ setupRequest: (req: Record<string, unknown>) => {
        const n = i++;
        return { ...req, body: bodies[n % 2], headers: { ...(req.headers as Record<string, string>), authorization: `Bearer ${tokens[n % tokens.length]}` } };
      } }],
    });
    for (const [connections, amount] of [[1, 40], [CONNECTIONS, REQUESTS]]) {
      const result = await run(connections, amount);
      const l = result.latency;
      const mb = (result.requests.total * 1.5);
      console.log(`\n${connections} client(s): ${result.requests.total} uploads of 1–2 MB (${mb.toFixed(0)} MB), non-2xx: ${result.non2xx} ${JSON.stringify(result.statusCodeStats ?? {})}, errors: ${result.errors}`);
      console.log(`  answer latency ms: p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}  (goal p99 < 300: ${l.p99 < 300 ? 'met' : 'NOT met'}, ratio p99/goal ${(l.p99 / 300).toFixed(2)})`);
      console.log(`  throughput: ${result.requests.average.toFixed(1)} uploads/s ≈ ${(result.requests.average * 1.5).toFixed(1)} MB/s stored`);
    }
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(state, { recursive: true, force: true });
  }
}

await main();
