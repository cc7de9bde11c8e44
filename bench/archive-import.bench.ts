/**
 * Archive import figures (issue 3), against the app started as `npm start` runs it (wrangler dev,
 * local R2/D1/Queues/DO) from a snapshot of the sources, on a free port with a temp state folder:
 *
 * 1. A synthetic export of BENCH_ACTIVITIES (default 1,000) running activities — corpus run-*.fit
 *    files with a new file_id serial number / creation time each (CRC recomputed), so every one is
 *    a new activity — zipped with fflate zipSync (deflate) and uploaded (POST /api/v1/uploads, or
 *    the multipart API above 95 MiB). End-to-end = upload start → job completed (stage done),
 *    compared with the sum of decode-only time (decodeFit in Node) of the same files; goal ≤ 3×.
 *    The job's stage transitions (import → analyse → … → done) show where the time goes.
 * 1b. The bindings replay (bench/support/bindings-replay-worker.ts): the app runs with
 *    RECORD_BINDINGS=1, so its test entry records every D1 statement and R2 call of its queue
 *    consumer during [1]; the replay Worker makes exactly those (same SQL and values on the app's
 *    schema, same ranges, puts of the same sizes), as many queue messages and the coordinator calls,
 *    with no import work, on the same local runtime. The app's workerd CPU less the replay's is the
 *    Worker's own, compared with the Node floor (issue 14 item 5). BENCH_DUMP_LOG=<file> writes
 *    the recorded calls there.
 * 1c. The Node floor's code in workerd (bench/support/floor-worker.ts): the import's own steps per
 *    file in a Worker with no bindings, on the same runtime. BENCH_SKIP_REPLAY=1 skips 1b and 1c.
 * BENCH_ROUNDS=N runs [1]–[1c] N times, each with a fresh app, and prints every round's figures
 *    and their medians: on this shared machine one round's CPU figures swing ±40 % from the next.
 * 2. Peak RSS of this app's workerd processes (descendants of the wrangler started here, read from
 *    /proc) while a small archive and one of ≥ BENCH_ARCHIVE_MB MiB (default 1,024; stored junk
 *    members plus FIT files) go through the multipart API and import, after a small warm-up
 *    archive; per phase (parts, completion, import) and per process (the app's workerd, wrangler
 *    dev's proxy workerd, node). Archives are written streaming to a temp file and deleted
 *    afterwards. BENCH_WRANGLER_LOG_LEVEL=info puts wrangler's request log in the app log.
 *
 * Run: npm run bench -- archive-import   (BENCH_ACTIVITIES=200 BENCH_ARCHIVE_MB=256 for a quick run)
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { decodeFit, sliceRecordsForSession } from '../src/core/fit/index.js';
import { computeSessionStats } from '../src/core/metrics/index.js';
import { encodeRecordsParquet } from '../src/core/parquet/encode-records.js';
import { toStoredRecordColumns } from '../src/core/parquet/stored-columns.js';
import { startBenchApp, startLocalWorker, type BenchApp } from './support/app.js';
import { computeCrc32 } from '../src/core/archive/crc32.js';
import { convertForFloor } from './support/floor-steps.js';
import type { RecordedInvocation, RecordedOp } from '../src/adapters/binding-recorder.js';
import { startStealMeter } from './support/machine.js';
import { median } from './support/median.js';
import { findFileId, variantOf } from './support/fit-variants.js';
import { ZipFileWriter } from './support/zip-writer.js';

const root = process.cwd(); // npm run bench runs from the project root
const corpus = resolve(process.env.FIT_CORPUS ?? join(root, '..', 'shared', 'fit-corpus'));
const ACTIVITIES = Math.max(1, Number(process.env.BENCH_ACTIVITIES ?? 1000));
const ARCHIVE_MB = Math.max(8, Number(process.env.BENCH_ARCHIVE_MB ?? 1024));
const SMALL_MB = 32;
const MEMORY_FITS = 40;
const MiB = 1024 * 1024;
const SINGLE_REQUEST_LIMIT = 95 * MiB;
const GET_TIMEOUT_MS = 30_000;

const mb = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Job { id: string; status: string; stage: string; counts: Record<string, number>; progress?: Record<string, unknown>; finishedAt: string | null }
interface Source { size: number; read(offset: number, length: number): Uint8Array }

// ---- corpus ---------------------------------------------------------------------------------

async function loadRunFiles() {
  const pool: Array<{ name: string; bytes: Uint8Array; offsets: NonNullable<ReturnType<typeof findFileId>> }> = [];
  for (const name of readdirSync(corpus).filter((n) => /^run-.*\.fit$/.test(n)).sort()) {
    const bytes = new Uint8Array(readFileSync(join(corpus, name)));
    const offsets = findFileId(bytes);
    if (!offsets || (offsets.serial === undefined && offsets.timeCreated === undefined)) continue;
    try { await decodeFit(variantOf(bytes, offsets, 0)); } catch { continue; } // must stay valid
    pool.push({ name, bytes, offsets });
  }
  if (pool.length === 0) throw new Error(`no usable run-*.fit in ${corpus} (set FIT_CORPUS)`);
  return pool;
}

function activity(pool: Awaited<ReturnType<typeof loadRunFiles>>, k: number) {
  const base = pool[k % pool.length]!;
  return { name: `activity_${String(k).padStart(6, '0')}_${base.name}`, bytes: variantOf(base.bytes, base.offsets, k) };
}

// ---- HTTP -----------------------------------------------------------------------------------

/**
 * One request per connection (`connection: close`): wrangler dev closes a keep-alive connection
 * after ~5 s idle, and while this process is busy (zipping, writing a GiB archive) fetch cannot
 * notice, so its next request went out on a closed socket ("other side closed", EPIPE).
 * GETs give up after GET_TIMEOUT_MS. A GET that wrangler dev's proxy could not deliver used to
 * wait there until another request arrived, and this bench sent throwaway requests to free it;
 * scripts/start.mjs now does that for every client (issue 13 item 9), so the bench does not.
 */
async function api(app: BenchApp, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  const isGet = (init.method ?? 'GET') === 'GET';
  const signal = init.signal ?? (isGet ? AbortSignal.timeout(GET_TIMEOUT_MS) : undefined);
  const res = await fetch(`${app.base}${path}`, { ...init, signal, headers: { authorization: `Bearer ${token}`, connection: 'close', ...(init.headers ?? {}) } });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res;
}

async function signup(app: BenchApp): Promise<string> {
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123', name: 'Bench' }) };
  const res = await fetch(`${app.base}/auth/signup`, init);
  if (!res.ok) throw new Error(`signup: ${res.status}`);
  // signup never hands out a token (it must not say whether the email was new): ask for one
  const issued = await fetch(`${app.base}/auth/token`, init);
  if (!issued.ok) throw new Error(`token: ${issued.status}`);
  return ((await issued.json()) as { token: string }).token;
}

function memorySource(bytes: Uint8Array): Source {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

function fileSource(path: string): Source & { close(): void } {
  const fd = openSync(path, 'r');
  return {
    size: statSync(path).size,
    read(offset, length) {
      const buf = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) { const n = readSync(fd, buf, done, length - done, offset + done); if (n === 0) throw new Error('short read'); done += n; }
      return buf;
    },
    close: () => closeSync(fd),
  };
}

/**
 * Uploads `source` in one request when small enough, else through the multipart API (2 parts in
 * flight); returns the job id and the time the upload answered (for multipart also the time the
 * completion took: the app assembles and hashes the whole file then). onStage marks the phases.
 */
async function upload(app: BenchApp, token: string, name: string, source: Source, forceMultipart = false, onStage?: (stage: 'parts' | 'complete') => void): Promise<{ jobId: string; uploadedMs: number; via: string; completeMs?: number }> {
  const started = performance.now();
  if (!forceMultipart && source.size <= SINGLE_REQUEST_LIMIT) {
    try {
      const res = await api(app, token, `/uploads?filename=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': 'application/zip' }, body: source.read(0, source.size) });
      const { job } = (await res.json()) as { job: Job };
      return { jobId: job.id, uploadedMs: performance.now() - started, via: 'POST /uploads' };
    } catch (error) {
      // seen: EPIPE on a 57 MiB single request under wrangler dev; the multipart API is the fallback
      console.log(`  single-request upload of ${mb(source.size)} failed (${String((error as Error).cause ?? error).slice(0, 120)}); using the multipart API`);
    }
  }
  onStage?.('parts');
  const created = (await (await api(app, token, '/uploads/multipart', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, size: source.size }) })).json()) as { id: string; partSize: number; partCount: number };
  let retries = 0;
  // Bounded retries; parts and completion are idempotent. wrangler dev answers 503 to a request it
  // could not deliver to the app (see waitForJob), so one can fail without the app being at fault.
  const withRetries = async (what: string, send: () => Promise<Response>): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      try { return await send(); }
      catch (error) {
        if (attempt >= 3) throw error;
        retries++;
        console.log(`    (${what} failed: ${String((error as Error).cause ?? (error as Error).message).slice(0, 120)}; retrying)`);
        await sleep(1000);
      }
    }
  };
  let next = 1;
  const worker = async () => {
    while (next <= created.partCount) {
      const n = next++;
      const offset = (n - 1) * created.partSize;
      const body = source.read(offset, Math.min(created.partSize, source.size - offset));
      await withRetries(`part ${n}`, () => api(app, token, `/uploads/multipart/${created.id}/parts/${n}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body }));
    }
  };
  await Promise.all([worker(), worker()]);
  onStage?.('complete');
  const completing = performance.now();
  const res = await withRetries('complete', () => api(app, token, `/uploads/multipart/${created.id}/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
  const { job } = (await res.json()) as { job: Job };
  const now = performance.now();
  return { jobId: job.id, uploadedMs: now - started, completeMs: now - completing, via: `multipart (${created.partCount} parts of ${mb(created.partSize)}${retries ? `, ${retries} request(s) retried` : ''})` };
}

const TERMINAL = new Set(['completed', 'completed_with_errors', 'failed']);

/** Polls the newest job (GET /jobs?limit=1 omits the file list) until it is terminal; bounded in time and count. */
async function waitForJob(app: BenchApp, token: string, jobId: string, t0: number, timeoutMs: number, intervalMs = 500) {
  const transitions: Array<{ atMs: number; stage: string; status: string; counts: Record<string, number> }> = [];
  const maxPolls = Math.ceil(timeoutMs / intervalMs) + 1;
  let failedPolls = 0;
  for (let i = 0; i < maxPolls; i++) {
    let job: Job;
    try {
      const page = (await (await api(app, token, '/jobs?limit=1')).json()) as { items: Job[] };
      job = page.items[0] ?? ({} as Job);
      if (job.id !== jobId) job = (await (await api(app, token, `/jobs/${jobId}`)).json()) as Job;
    } catch (error) {
      // a poll that failed or timed out (a busy local runtime): ask again, a bounded number of times
      if (++failedPolls > 5 || performance.now() - t0 > timeoutMs) throw error;
      console.log(`    (poll ${i + 1} failed: ${String((error as Error).cause ?? error).slice(0, 100)}; asking again)`);
      continue;
    }
    const last = transitions[transitions.length - 1];
    if (!last || last.stage !== job.stage || last.status !== job.status) transitions.push({ atMs: performance.now() - t0, stage: job.stage, status: job.status, counts: job.counts });
    if (TERMINAL.has(job.status) && (job.stage === 'done' || job.status === 'failed')) return { job, doneMs: performance.now() - t0, transitions };
    if (performance.now() - t0 > timeoutMs) break;
    await sleep(intervalMs);
  }
  throw new Error(`job ${jobId} not finished after ${sec(timeoutMs)}; last ${JSON.stringify(transitions[transitions.length - 1])}`);
}

function printTransitions(transitions: Array<{ atMs: number; stage: string; status: string; counts: Record<string, number> }>, endMs: number) {
  for (let i = 0; i < transitions.length; i++) {
    const t = transitions[i]!;
    const until = transitions[i + 1]?.atMs ?? endMs;
    const c = t.counts;
    console.log(`    ${sec(t.atMs).padStart(8)}  ${`${t.status}/${t.stage}`.padEnd(24)} for ${sec(until - t.atMs).padStart(7)}  (found ${c.found}, imported ${c.imported}, analysed ${c.analysed}, queued ${c.queued}, processing ${c.processing})`);
  }
}

// ---- 1: end-to-end vs decode-only -----------------------------------------------------------

async function endToEnd(app: BenchApp, token: string, pool: Awaited<ReturnType<typeof loadRunFiles>>) {
  console.log(`\n[1] synthetic export: ${ACTIVITIES} activities from ${pool.length} corpus running files (varied serial/creation time, CRC recomputed)`);
  const entries: Record<string, Uint8Array> = {};
  let rawBytes = 0;
  for (let k = 0; k < ACTIVITIES; k++) { const a = activity(pool, k); entries[`export/activities/${a.name}`] = a.bytes; rawBytes += a.bytes.length; }
  // decode-only: every file once, after a warm-up pass over the pool (JIT)
  for (const f of pool) await decodeFit(f.bytes);
  let decodeMs = 0;
  let records = 0;
  for (const bytes of Object.values(entries)) {
    const t = performance.now();
    const decoded = await decodeFit(bytes);
    decodeMs += performance.now() - t;
    records += decoded.records.length;
  }
  const zip = zipSync(entries, { level: 6 });
  console.log(`  archive: ${mb(zip.length)} zip of ${mb(rawBytes)} FIT (${records.toLocaleString('en')} records)`);
  console.log(`  decode-only in Node (decodeFit, sum over ${ACTIVITIES} files): ${sec(decodeMs)}`);
  const floor = await cpuFloor(Object.values(entries));
  console.log(`  CPU an import needs per file, in Node (sum over ${ACTIVITIES}): decode ${sec(floor.decode)} + Parquet encode ${sec(floor.parquet)} + stored columns ${sec(floor.readBack)} + statistics ${sec(floor.stats)} = ${sec(floor.total)} (${(floor.total / decodeMs).toFixed(1)}× decode-only; statistics without laps, window or interval detection; CPU ${sec(floor.splitCpu)})`);
  console.log(`  the import's own steps in Node (the Worker's code per file, no bindings): reading the member (inflate, CRC-32, SHA-256) ${sec(floor.read)} + convertFit (decode, Parquet with laps, statistics as at import) ${sec(floor.convert)} = ${sec(floor.own)}; CPU ${sec(floor.cpu)} — the NODE FLOOR below`);

  const cpuBefore = app.cpuMs();
  const steal = startStealMeter();
  const t0 = performance.now();
  const { jobId, uploadedMs, via } = await upload(app, token, 'bench-export.zip', memorySource(zip));
  const cpuUploaded = app.cpuMs();
  const { job, doneMs, transitions } = await waitForJob(app, token, jobId, t0, 8 * 60_000);
  const cpuDone = app.cpuMs();
  const ratio = doneMs / decodeMs;
  console.log(`  upload (${via}) answered in ${sec(uploadedMs)}; job ${job.status} at ${sec(doneMs)}: ${JSON.stringify(job.counts)}`);
  console.log('  stage transitions (time since upload start):');
  printTransitions(transitions, doneMs);
  console.log(`  END-TO-END ${sec(doneMs)} vs decode-only sum ${sec(decodeMs)}: ratio ${ratio.toFixed(2)}× (goal ≤ 3×: ${ratio <= 3 ? 'met' : 'NOT met'}); ${(ACTIVITIES / (doneMs / 1000)).toFixed(1)} activities/s`);
  console.log(`  vs the CPU an import needs (decode + Parquet + statistics, ${sec(floor.total)}): ${(doneMs / floor.total).toFixed(2)}×; vs the import's own steps in Node (${sec(floor.own)}): ${(doneMs / floor.own).toFixed(2)}×`);
  // Wall time on a shared machine depends on what else runs; the CPU the app's processes used
  // does not (much): the figure to compare across runs, beside the Node floor of the same files.
  const used = (from: Map<string, number>, to: Map<string, number>, role: string) => (to.get(role) ?? 0) - (from.get(role) ?? 0);
  const appJob = used(cpuUploaded, cpuDone, 'workerd (app)');
  console.log(`  CPU used by the app's processes: upload ${[...cpuUploaded.keys()].map((r) => `${r} ${sec(used(cpuBefore, cpuUploaded, r))}`).join(', ')}; job after the upload ${[...cpuDone.keys()].map((r) => `${r} ${sec(used(cpuUploaded, cpuDone, r))}`).join(', ')}`);
  console.log(`  APP CPU per activity (workerd (app), job after the upload): ${(appJob / ACTIVITIES).toFixed(1)} ms vs the Node floor ${(floor.cpu / ACTIVITIES).toFixed(1)} ms of CPU (${(floor.own / ACTIVITIES).toFixed(1)} ms wall): ${(appJob / floor.cpu).toFixed(2)}× (vs the stage split's ${(floor.splitCpu / ACTIVITIES).toFixed(1)} ms: ${(appJob / floor.splitCpu).toFixed(2)}×); load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}, ${steal()} during the upload and job`);
  if (job.counts.imported !== ACTIVITIES) console.log(`  NOTE: ${job.counts.imported} of ${ACTIVITIES} imported (see counts above)`);
  return { appJobMs: appJob, doneMs, floorCpuMs: floor.cpu };
}

// ---- 1b: the same binding calls without the import ------------------------------------------

/** The app's migrations as single statements, split as the workerd tests split them (readD1Migrations). */
async function migrationStatements(folder: string): Promise<string[]> {
  return (await readD1Migrations(join(root, 'migrations', folder))).flatMap((m) => m.queries);
}

/** What the recorded invocations did, in numbers (the replay does exactly this). */
function describeLog(log: RecordedInvocation[]) {
  const ops = log.flatMap((inv) => inv.ops);
  const count = (kind: RecordedOp['kind']) => ops.filter((op) => op.kind === kind).length;
  const d1 = ops.filter((op): op is Extract<RecordedOp, { kind: 'd1' | 'd1-batch' | 'd1-exec' }> => op.kind.startsWith('d1'));
  const statements = d1.reduce((n, op) => n + (op.kind === 'd1-batch' ? op.statements.length : 1), 0);
  const directory = d1.filter((op) => op.db === 'DIRECTORY').length;
  const putBytes = ops.reduce((n, op) => n + (op.kind === 'r2-put' ? Math.max(0, op.size) : 0), 0);
  const getBytes = ops.reduce((n, op) => n + (op.kind === 'r2-get' ? (op.length ?? op.suffix ?? Math.max(0, (op.size ?? 0) - (op.offset ?? 0))) : 0), 0);
  const messages = log.reduce((n, inv) => n + inv.messages, 0);
  return { invocations: log.length, messages, roundTrips: d1.length, directory, statements, gets: count('r2-get'), heads: count('r2-head'), puts: count('r2-put'), putBytes, getBytes, deletes: count('r2-delete'), lists: count('r2-list') };
}

/**
 * What the local runtime costs this import with no import in it (bench/support/bindings-replay-worker.ts):
 * the app recorded its queue consumer's D1 statements and R2 calls during the job (RECORD_BINDINGS=1);
 * the replay makes exactly those on the same local runtime. The app's CPU less the replay's is the
 * Worker's own, compared with the Node floor (issue 14 item 5).
 */
async function bindingsReplay(app: BenchApp, figures: NonNullable<Awaited<ReturnType<typeof endToEnd>>>) {
  console.log(`\n[1b] bindings replay: the D1 statements and R2 calls the app's queue consumer made for this job, replayed with no import work`);
  const answer = await fetch(`${app.base.replace(/\/api\/v1$/, '')}/__test/bindings-log`);
  if (!answer.ok) throw new Error(`bindings log: ${answer.status} ${await answer.text()}`);
  const log = (await answer.json()) as RecordedInvocation[];
  if (process.env.BENCH_DUMP_LOG) writeFileSync(process.env.BENCH_DUMP_LOG, JSON.stringify(log));
  const d = describeLog(log);
  const per = (n: number) => (n / ACTIVITIES).toFixed(2);
  console.log(`  recorded: ${d.invocations} queue invocations (${d.messages} messages); ${d.roundTrips} D1 round trips (${d.directory} to the directory) carrying ${d.statements} statements; R2 ${d.gets} GETs (${mb(d.getBytes)}), ${d.heads} HEADs, ${d.puts} puts (${mb(d.putBytes)}), ${d.deletes} deletes, ${d.lists} lists`);
  console.log(`  per activity: ${per(d.roundTrips)} D1 round trips, ${per(d.statements)} statements, ${per(d.gets + d.heads)} R2 reads, ${per(d.puts)} puts`);
  const objects = new Map<string, number>();
  for (const op of log.flatMap((inv) => inv.ops)) if (op.kind === 'r2-get' && op.size !== null) objects.set(op.key, Math.max(op.size, objects.get(op.key) ?? 0));
  const replay = await startLocalWorker(root, 'bindings-replay-wrangler.toml', { prefix: 'pacelab-bench-replay-', label: 'bindings replay worker' });
  try {
    const setup = await fetch(`${replay.base}/setup`, { method: 'POST', body: JSON.stringify({ directory: await migrationStatements('directory'), data: await migrationStatements('data'), objects: [...objects].map(([key, size]) => ({ key, size })) }) });
    if (!setup.ok) throw new Error(`replay setup: ${setup.status} ${await setup.text()}`);
    const loaded = await fetch(`${replay.base}/load`, { method: 'POST', body: JSON.stringify(log) });
    if (!loaded.ok) throw new Error(`replay load: ${loaded.status} ${await loaded.text()}`);
    const cpu0 = replay.runtimeCpuMs();
    const t0 = performance.now();
    const sent = await fetch(`${replay.base}/job`, { method: 'POST' });
    if (sent.status !== 202) throw new Error(`replay job: ${sent.status} ${await sent.text()}`);
    let state: { handled: number; statements: number; failed: number; firstError: string };
    for (;;) {
      await sleep(100);
      state = await (await fetch(`${replay.base}/handled`)).json() as typeof state;
      if (state.handled >= d.messages) break;
      if (performance.now() - t0 > 5 * 60_000) throw new Error(`replay: ${state.handled} of ${d.messages} messages after 5 min (log ${replay.logFile})`);
    }
    const doneMs = performance.now() - t0;
    const replayMs = replay.runtimeCpuMs() - cpu0;
    const own = figures.appJobMs - replayMs;
    if (state.failed > 0) console.log(`  NOTE: ${state.failed} of ${state.statements} replayed statements failed (first: ${state.firstError})`);
    console.log(`  REPLAY done in ${sec(doneMs)}, calls one after another (the app's job: ${sec(figures.doneMs)}); its runtime's CPU ${(replayMs / ACTIVITIES).toFixed(1)} ms per activity`);
    console.log(`  WORKER'S OWN CPU (the app's ${(figures.appJobMs / ACTIVITIES).toFixed(1)} ms less the replay's): ${(own / ACTIVITIES).toFixed(1)} ms per activity = ${(own / figures.floorCpuMs).toFixed(2)}× the Node floor of ${(figures.floorCpuMs / ACTIVITIES).toFixed(1)} ms (goal ≤ 2×: ${own <= 2 * figures.floorCpuMs ? 'met' : 'NOT met'})`);
    return { replayMs, ownMs: own };
  } finally {
    await replay.stop();
  }
}

/**
 * The Node floor's code on the app's runtime (bench/support/floor-worker.ts): the import's own
 * steps per file in workerd, no binding — how fast workerd itself runs the same code, apart from
 * the bindings and the orchestration around it.
 */
async function workerdFloor(pool: Awaited<ReturnType<typeof loadRunFiles>>, figures: NonNullable<Awaited<ReturnType<typeof endToEnd>>>) {
  console.log(`\n[1c] the import's own steps in workerd (the Node floor's code in a Worker with no bindings: the app's inflater, CRC-32, SHA-256, convertFit)`);
  const worker = await startLocalWorker(root, 'floor-wrangler.toml', { prefix: 'pacelab-bench-floor-', label: 'floor worker' });
  try {
    for (let i = 0; i < pool.length; i++) {
      const posted = await fetch(`${worker.base}/file`, { method: 'POST', body: activity(pool, i).bytes });
      if (!posted.ok) throw new Error(`floor worker: ${posted.status} ${await posted.text()}`);
    }
    const cpu0 = worker.runtimeCpuMs();
    const ran = await fetch(`${worker.base}/run?n=${ACTIVITIES}`, { method: 'POST' });
    if (!ran.ok) throw new Error(`floor worker run: ${ran.status} ${await ran.text()}`);
    const cpu = worker.runtimeCpuMs() - cpu0;
    console.log(`  ${ACTIVITIES} files (the pool's ${pool.length} in turn, as the Node floor's copies): ${(cpu / ACTIVITIES).toFixed(1)} ms of workerd CPU per file = ${(cpu / figures.floorCpuMs).toFixed(2)}× the Node floor of ${(figures.floorCpuMs / ACTIVITIES).toFixed(1)} ms`);
    return { cpuMs: cpu };
  } finally {
    await worker.stop();
  }
}

/**
 * The per-file CPU of an import outside any runtime: what the pipeline cannot go below on one thread.
 *
 * Two measures. The stage split (decode, Parquet, stored columns, statistics) is the one the
 * earlier figures used; its statistics run without the session's laps, window and profile, so
 * without interval detection and lap statistics, which the import computes for every run with
 * only automatic laps. The import's own steps are the same code the Worker runs per file, in Node:
 * reading the member (inflate, CRC-32 check, SHA-256) and convertFit (decode, session records,
 * Parquet with the laps, statistics as at import: laps, window, intervals, best efforts).
 * `cpu` (the process's CPU time for the import's own steps) is what the app's CPU is compared with.
 */
async function cpuFloor(files: Uint8Array[]) {
  const t = { decode: 0, parquet: 0, readBack: 0, stats: 0, total: 0, splitCpu: 0, read: 0, convert: 0, own: 0, cpu: 0 };
  const splitStart = process.cpuUsage();
  for (const bytes of files) {
    let at = performance.now();
    const lap = (key: 'decode' | 'parquet' | 'readBack' | 'stats') => { const now = performance.now(); t[key] += now - at; at = now; };
    const decoded = await decodeFit(bytes);
    lap('decode');
    for (const session of decoded.sessions) {
      at = performance.now();
      encodeRecordsParquet(sliceRecordsForSession(decoded.records, session), { sessionId: 's', sport: session.sport });
      lap('parquet');
      const records = toStoredRecordColumns(sliceRecordsForSession(decoded.records, session));
      lap('readBack');
      computeSessionStats({ records, sport: session.sport, subSport: session.subSport, profile: {}, events: decoded.events, device: {} });
      lap('stats');
    }
  }
  t.total = t.decode + t.parquet + t.readBack + t.stats;
  // the process's CPU time for the same work (wall time stretches when other jobs share the cores; CPU time much less)
  const split = process.cpuUsage(splitStart);
  t.splitCpu = (split.user + split.system) / 1000;

  // the import's own steps, as the Worker runs them per file (the bench runner has no HR profile or critical speed yet)
  const deflated = files.map((bytes) => deflateRawSync(bytes, { level: 6 }));
  const crcs = files.map((bytes) => computeCrc32(bytes)); // the central directory's, read at inspection
  const ownStart = process.cpuUsage();
  for (let k = 0; k < files.length; k++) {
    let at = performance.now();
    const bytes = new Uint8Array(inflateRawSync(deflated[k]!));
    if (computeCrc32(bytes) !== crcs[k]) throw new Error('floor: inflate changed the bytes');
    await crypto.subtle.digest('SHA-256', bytes);
    t.read += performance.now() - at;
    at = performance.now();
    await convertForFloor(bytes, k);
    t.convert += performance.now() - at;
  }
  const own = process.cpuUsage(ownStart);
  t.own = t.read + t.convert;
  t.cpu = (own.user + own.system) / 1000;
  return t;
}

// ---- 2: peak memory vs archive size ---------------------------------------------------------

function writeArchive(path: string, paddingMiB: number, pool: Awaited<ReturnType<typeof loadRunFiles>>, firstK: number): number {
  const zip = new ZipFileWriter(path);
  for (let k = firstK; k < firstK + MEMORY_FITS; k++) { const a = activity(pool, k); zip.addDeflated(`export/activities/${a.name}`, a.bytes); }
  const pieceMiB = 256;
  for (let p = 0, left = paddingMiB; left > 0 && p < 64; p++, left -= pieceMiB) {
    zip.addStoredStream(`export/padding/junk-${p}.bin`, Math.min(pieceMiB, left) * MiB, MiB, (chunk, i) => {
      let x = (p * 7919 + i * 104729 + 1) >>> 0;
      for (let j = 0; j < chunk.length; j += 4) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; chunk.writeUInt32LE(x, j); }
    });
  }
  return zip.close();
}

async function memoryRun(app: BenchApp, token: string, label: string, paddingMiB: number, pool: Awaited<ReturnType<typeof loadRunFiles>>, firstK: number, dir: string) {
  const path = join(dir, `${label}.zip`);
  const writing = performance.now();
  const size = writeArchive(path, paddingMiB, pool, firstK);
  const writeMs = performance.now() - writing;
  const source = fileSource(path);
  type Phase = 'parts' | 'complete' | 'import';
  let phase: Phase = 'parts';
  const peak: Record<Phase, number> = { parts: 0, complete: 0, import: 0 };
  // Per process role as well (RSS and its anonymous part; the largest process of a role, e.g. of the
  // three node processes wrangler's), to tell the app's runtime from wrangler's.
  const byRole = new Map<string, Record<Phase, { rss: number; anon: number }>>();
  let samples = 0;
  const sample = () => {
    samples++;
    const r = app.workerdRss();
    if (r > peak[phase]) peak[phase] = r;
    for (const p of app.processes()) {
      if (p.role === 'esbuild') continue;
      let row = byRole.get(p.role);
      if (!row) byRole.set(p.role, (row = { parts: { rss: 0, anon: 0 }, complete: { rss: 0, anon: 0 }, import: { rss: 0, anon: 0 } }));
      row[phase].rss = Math.max(row[phase].rss, p.rss);
      row[phase].anon = Math.max(row[phase].anon, p.anon);
    }
  };
  const baseline = app.workerdRss();
  const baselineByRole = new Map<string, number>();
  for (const p of app.processes()) baselineByRole.set(p.role, Math.max(baselineByRole.get(p.role) ?? 0, p.rss));
  const sampler = setInterval(sample, 200);
  try {
    const t0 = performance.now();
    const { jobId, uploadedMs, completeMs, via } = await upload(app, token, `${label}.zip`, source, true, (stage) => { sample(); phase = stage; });
    sample();
    phase = 'import';
    const { job, doneMs } = await waitForJob(app, token, jobId, t0, 5 * 60_000);
    sample();
    const partsMs = uploadedMs - (completeMs ?? 0);
    console.log(`  ${label}: ${mb(size)} archive (${MEMORY_FITS} FIT + ${paddingMiB} MiB stored padding; written in ${sec(writeMs)}) via ${via}`);
    console.log(`    parts sent in ${sec(partsMs)}, completion (assemble + hash) ${sec(completeMs ?? 0)}, import ${sec(doneMs - uploadedMs)}: job ${job.status} at ${sec(doneMs)} ${JSON.stringify(job.counts)}`);
    console.log(`    workerd RSS (app + proxy): before ${mb(baseline)}, peak sending parts ${mb(peak.parts)}, completing ${mb(peak.complete)}, importing ${mb(peak.import)} (${samples} samples every 200 ms)`);
    for (const [role, row] of byRole) {
      console.log(`      ${role.padEnd(16)} before ${mb(baselineByRole.get(role) ?? 0).padStart(10)}; peak RSS parts ${mb(row.parts.rss).padStart(10)}, complete ${mb(row.complete.rss).padStart(10)}, import ${mb(row.import.rss).padStart(10)}; of it anonymous ${mb(row.parts.anon)} / ${mb(row.complete.anon)} / ${mb(row.import.anon)}`);
    }
    const peakUpload = Math.max(peak.parts, peak.complete);
    return { size, baseline, peak: Math.max(peakUpload, peak.import), peakUpload, peakParts: peak.parts, peakComplete: peak.complete, peakImport: peak.import };
  } finally {
    clearInterval(sampler);
    source.close();
    rmSync(path, { force: true });
  }
}

async function memory(app: BenchApp, token: string, pool: Awaited<ReturnType<typeof loadRunFiles>>) {
  console.log(`\n[2] peak RSS of this app's workerd processes: small archive vs ≥ ${ARCHIVE_MB} MiB archive (multipart API)`);
  const dir = mkdtempSync(join(tmpdir(), 'pacelab-bench-archives-'));
  try {
    // The first archive of a fresh app also pays for warming it up (code loaded and compiled, the
    // runner's Durable Object and databases opened): a warm-up run first, so both measured runs
    // start warm and their rises compare archive sizes, not first-run costs.
    await memoryRun(app, token, 'warm-up', SMALL_MB, pool, 3_000_000, dir);
    const small = await memoryRun(app, token, 'small', SMALL_MB, pool, 1_000_000, dir);
    const large = await memoryRun(app, token, 'large', ARCHIVE_MB, pool, 2_000_000, dir);
    // RSS rarely goes back to the OS, so each run is also judged by its rise over its own baseline.
    const rise = (r: typeof small) => r.peak - r.baseline;
    const growth = rise(large) - rise(small);
    const sizeRatio = large.size / small.size;
    const grows = growth > 64 * MiB;
    console.log(`  PEAK workerd RSS: small ${mb(small.size)} archive ${mb(small.peak)} (+${mb(rise(small))} over its baseline; parts ${mb(small.peakParts)}, completion ${mb(small.peakComplete)}, import ${mb(small.peakImport)}) vs large ${mb(large.size)} archive ${mb(large.peak)} (+${mb(rise(large))}; parts ${mb(large.peakParts)}, completion ${mb(large.peakComplete)}, import ${mb(large.peakImport)})`);
    console.log(`  archive ${sizeRatio.toFixed(1)}× larger, absolute peak ${(large.peak / small.peak).toFixed(2)}×, rise over baseline ${growth >= 0 ? '+' : ''}${mb(growth)} vs the small one: ${grows ? 'GROWS with archive size (> 64 MiB more)' : 'does not grow with archive size (within 64 MiB)'}`);
    // The import (inspect, ranged member reads, group imports) runs after the upload's parts and
    // completion, which the local R2 simulator handles inside the same workerd: judged on its own,
    // as its rise over the peak the upload had already reached.
    const importRise = (r: typeof small) => r.peakImport - Math.max(r.baseline, r.peakParts, r.peakComplete);
    const importGrowth = importRise(large) - importRise(small);
    console.log(`  IMPORT phase: +${mb(importRise(small))} over the upload's peak (small) vs +${mb(importRise(large))} (large): ${importGrowth > 64 * MiB ? 'GROWS with archive size (> 64 MiB more)' : 'does not grow with archive size (within 64 MiB)'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RoundFigures { doneMs: number; appJobMs: number; floorCpuMs: number; replayMs?: number; ownMs?: number; workerdFloorMs?: number }

/**
 * One round: a fresh app (new state) through [1], [1b] and [1c]; the Node floor is measured again
 * in each round, so every ratio compares figures taken minutes apart at most. The memory run [2]
 * goes in the last round's app.
 */
async function round(pool: Awaited<ReturnType<typeof loadRunFiles>>, last: boolean): Promise<RoundFigures | undefined> {
  // RECORD_BINDINGS: the test entry records the queue consumer's D1 and R2 calls for [1b]
  const app = await startBenchApp(root, process.env.BENCH_SKIP_REPLAY === '1' ? {} : { RECORD_BINDINGS: '1' });
  console.log(`app on ${app.base} (wrangler pid ${app.pid}, log ${app.logFile})`);
  try {
    const token = await signup(app);
    const figures: RoundFigures | undefined = process.env.BENCH_SKIP_E2E !== '1' ? await endToEnd(app, token, pool) : undefined;
    if (figures && process.env.BENCH_SKIP_REPLAY !== '1') {
      Object.assign(figures, await bindingsReplay(app, figures));
      figures.workerdFloorMs = (await workerdFloor(pool, figures)).cpuMs;
    }
    if (last && process.env.BENCH_SKIP_MEMORY !== '1') await memory(app, token, pool);
    return figures;
  } finally {
    await app.stop();
  }
}

/** BENCH_ROUNDS > 1: each round's figures per activity side by side, and their medians. */
function printRounds(rounds: RoundFigures[]) {
  const per = (ms: number) => ms / ACTIVITIES;
  const rows: Array<[string, (r: RoundFigures) => number | undefined, string]> = [
    ['job done (s)', (r) => r.doneMs / 1000, ''],
    ['app workerd CPU (ms/activity)', (r) => per(r.appJobMs), ''],
    ['Node floor CPU (ms/activity)', (r) => per(r.floorCpuMs), ''],
    ['floor in workerd (ms/activity)', (r) => r.workerdFloorMs === undefined ? undefined : per(r.workerdFloorMs), ''],
    ['bindings replay (ms/activity)', (r) => r.replayMs === undefined ? undefined : per(r.replayMs), ''],
    ["Worker's own CPU (ms/activity)", (r) => r.ownMs === undefined ? undefined : per(r.ownMs), ''],
    ["Worker's own / Node floor", (r) => r.ownMs === undefined ? undefined : r.ownMs / r.floorCpuMs, '×'],
    ["Worker's own / floor in workerd", (r) => r.ownMs === undefined || r.workerdFloorMs === undefined ? undefined : r.ownMs / r.workerdFloorMs, '×'],
  ];
  console.log(`
[rounds] ${rounds.length} rounds of [1]–[1c], each with a fresh app`);
  for (const [label, pick, unit] of rows) {
    const xs = rounds.map(pick).filter((x): x is number => x !== undefined);
    if (xs.length === 0) continue;
    console.log(`  ${label.padEnd(34)} ${xs.map((x) => `${x.toFixed(2)}${unit}`).join('  ')}   median ${median(xs).toFixed(2)}${unit}`);
  }
  const owned = rounds.filter((r) => r.ownMs !== undefined);
  if (owned.length > 0) console.log(`  WORKER'S OWN CPU within 2× of the Node floor in ${owned.filter((r) => r.ownMs! <= 2 * r.floorCpuMs).length} of ${owned.length} rounds`);
}

async function main() {
  const started = performance.now();
  const pool = await loadRunFiles();
  // BENCH_ROUNDS: the machine is shared, and one round's CPU figures swing ±40 % from the next
  const rounds = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 1)));
  const figures: RoundFigures[] = [];
  for (let r = 0; r < rounds; r++) {
    if (rounds > 1) console.log(`
=== round ${r + 1} of ${rounds}`);
    const f = await round(pool, r === rounds - 1);
    if (f) figures.push(f);
  }
  if (rounds > 1) printRounds(figures);
  console.log(`\ntotal bench time ${sec(performance.now() - started)}`);
}

await main();
