/**
 * Test-only: what the local runtime costs a bulk import with no import in it. It replays the
 * binding calls the app's queue consumer makes per batch of import-file messages — same queue
 * batching, same number of D1 round trips and statements, the same R2 reads and writes at the
 * same sizes, the coordinator calls writing the ledger rows — and does no decoding,
 * Parquet encoding or statistics. Started by bench/archive-import.bench.ts with
 * bindings-replay-wrangler.toml under `wrangler dev`, as the app runs; the workerd CPU it uses per
 * activity is the part of the app's CPU that the local R2/D1/Queues/Durable Object simulators and
 * the runtime's plumbing take (in production those services run elsewhere, not in the Worker).
 *
 * The calls were counted on 2026-12-03 with a temporary wrapper over the app's bindings during
 * the 1,000-activity bench, with queue batches of 16: 66 queue invocations for 1,003 messages; per
 * invocation 2 directory reads and 16.3 data-shard round trips carrying 78 statements; per activity
 * 1 ranged R2 GET of its archive member and 2 R2 puts (48.9 MB in all: the records Parquet and the
 * ≈ 3 KB statistics detail); the coordinator told once per group (markFilesStarted) and once per
 * wave of 8 (reportFileOutcomes). The replay's statements are shaped like the app's (lookups by an
 * id list on an index, multi-row batches of ~12-column rows), not the same SQL: per batch of 16,
 * 2 directory reads and 16 data-shard round trips carrying 76 statements.
 * A lower bound: the app's coordinator also updates job counts and dispatches the next messages.
 * POST /job?…&skip=d1,detail leaves parts out, to see what each costs (the bench sends none).
 */
import { DurableObject } from 'cloudflare:workers';

interface ReplayEnv {
  FILES: R2Bucket;
  DIRECTORY: D1Database;
  DB_0: D1Database;
  TASKS: Queue<ReplayTask>;
  COORDINATOR: DurableObjectNamespace<ReplayCoordinator>;
}

/** `skip`: parts left out ('directory', 'd1', 'coordinator', 'get', 'parquet', 'detail'), to see what each costs */
interface ReplayTask { type: 'import-file'; runnerId: string; jobId: string; fileId: string; name: string; member: { offset: number; length: number }; parquetBytes: number; detailBytes: number; skip: string[] }

const ARCHIVE_KEY = 'runners/replay/uploads/archive.zip';
const RUNNER = 'replay';
const TABLES = ['fit_files', 'sessions', 'session_stats'] as const;

export class ReplayCoordinator extends DurableObject<ReplayEnv> {
  constructor(ctx: DurableObjectState, env: ReplayEnv) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS job_files (file_id TEXT PRIMARY KEY, job_id TEXT, status TEXT, code TEXT, updated_at INTEGER)');
  }

  markFilesStarted(jobId: string, fileIds: string[]): string[] {
    for (const id of fileIds) this.ctx.storage.sql.exec('INSERT OR REPLACE INTO job_files VALUES (?, ?, ?, NULL, ?)', id, jobId, 'processing', Date.now());
    return fileIds;
  }

  reportFileOutcomes(jobId: string, fileIds: string[]): number {
    for (const id of fileIds) this.ctx.storage.sql.exec('UPDATE job_files SET status = ?, updated_at = ? WHERE file_id = ? AND job_id = ?', 'imported', Date.now(), id, jobId);
    return this.ctx.storage.sql.exec('SELECT count(*) AS n FROM job_files WHERE job_id = ? AND status = ?', jobId, 'imported').one().n as number;
  }
}

let handled = 0;

function bytesOf(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; out[i] = x >>> 24; }
  return out;
}

async function setUp(env: ReplayEnv, archiveBytes: number): Promise<void> {
  await env.DIRECTORY.exec('CREATE TABLE IF NOT EXISTS runner_shards (runner_id TEXT PRIMARY KEY, shard INTEGER NOT NULL)');
  await env.DIRECTORY.prepare('INSERT OR REPLACE INTO runner_shards VALUES (?, 0)').bind(RUNNER).run();
  for (const table of TABLES) {
    await env.DB_0.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, runner_id TEXT NOT NULL, k INTEGER, a REAL, b REAL, c REAL, d REAL, e TEXT, f TEXT, g INTEGER, h INTEGER, i TEXT)`);
    await env.DB_0.exec(`CREATE INDEX IF NOT EXISTS ${table}_runner ON ${table} (runner_id, k)`);
  }
  await env.FILES.put(ARCHIVE_KEY, bytesOf(archiveBytes, 7));
}

async function sendJob(env: ReplayEnv, url: URL): Promise<void> {
  const n = Number(url.searchParams.get('n'));
  const member = Number(url.searchParams.get('member'));
  const parquetBytes = Number(url.searchParams.get('parquet'));
  const detailBytes = Number(url.searchParams.get('detail'));
  const skip = (url.searchParams.get('skip') ?? '').split(',').filter(Boolean);
  const jobId = `job-${Date.now()}`;
  handled = 0;
  for (let i = 0; i < n; i += 100) {
    await env.TASKS.sendBatch(Array.from({ length: Math.min(100, n - i) }, (_, j) => ({
      body: { type: 'import-file', runnerId: RUNNER, jobId, fileId: `${jobId}-${i + j}`, name: `activity_${i + j}.fit`, member: { offset: (i + j) * member, length: member }, parquetBytes, detailBytes, skip },
    })));
  }
}

/** as the app's analysis store writes a group: statistics 7 rows a statement, each session row's totals, efforts replaced 16 rows a statement */
function analysisBatch(db: D1Database, ids: string[]): D1PreparedStatement[] {
  const values = (id: string, k: number) => [`${id}-${k}`, RUNNER, k, 1.5 * k, 2.5, 3.5, 4.5, 'x'.repeat(40), 'y'.repeat(80), Date.now(), k, '{"zone":[1,2,3],"split":[4.1,4.2]}'];
  const insert = (keys: Array<[string, number]>) => db.prepare(`INSERT OR REPLACE INTO session_stats VALUES ${keys.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`)
    .bind(...keys.flatMap(([id, k]) => values(id, k)));
  const stats = ids.map((id) => [id, 0] as [string, number]);
  const efforts = ids.flatMap((id) => [1, 2, 3, 4, 5].map((k) => [id, k] as [string, number]));
  const out = [insert(stats.slice(0, 7)), ...(stats.length > 7 ? [insert(stats.slice(7))] : [])];
  for (const id of ids) out.push(db.prepare('UPDATE sessions SET a = ?, b = ?, c = ?, d = ? WHERE runner_id = ? AND id = ?').bind(1, 2, 3, 4, RUNNER, `${id}-0`));
  out.push(db.prepare(`DELETE FROM session_stats WHERE runner_id = ? AND k > 0 AND id IN (${efforts.map(() => '?').join(',')})`).bind(RUNNER, ...efforts.map(([id, k]) => `${id}-${k}`)));
  for (let i = 0; i < efforts.length; i += 8) out.push(insert(efforts.slice(i, i + 8)));
  return out;
}

function row(db: D1Database, table: string, id: string, k: number): D1PreparedStatement {
  return db.prepare(`INSERT OR REPLACE INTO ${table} VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`)
    .bind(`${id}-${k}`, RUNNER, k, 1.5 * k, 2.5, 3.5, 4.5, 'x'.repeat(40), 'y'.repeat(80), Date.now(), k, '{"zone":[1,2,3],"split":[4.1,4.2]}');
}

const WAVE_FILES = 8;

/** A queue batch, as the app's group import: per group the directory, the coordinator's start and the lookups; then its waves of 8, two at a time. */
async function replayBatch(tasks: ReplayTask[], env: ReplayEnv): Promise<void> {
  const ids = tasks.map((t) => t.fileId);
  const skip = new Set(tasks[0]!.skip);
  // a D1 call, or nothing when the replay leaves D1 out
  const run = async (call: () => Promise<unknown>) => { if (!skip.has('d1')) await call(); };
  const db = env.DB_0;
  const coordinator = skip.has('coordinator') ? null : env.COORDINATOR.getByName(RUNNER);
  const jobId = tasks[0]!.jobId;
  const inList = (n: number) => Array.from({ length: n }, () => '?').join(',');
  // the shard resolver's directory reads
  if (!skip.has('directory')) for (let i = 0; i < 2; i++) await env.DIRECTORY.prepare('SELECT shard FROM runner_shards WHERE runner_id = ?').bind(RUNNER).first();
  await coordinator?.markFilesStarted(jobId, ids);
  // lookups: by digest, by identity, the profile and critical speed
  await run(() => db.prepare(`SELECT id FROM fit_files WHERE runner_id = ? AND id IN (${inList(ids.length)})`).bind(RUNNER, ...ids).all());
  await run(() => db.prepare(`SELECT id FROM sessions WHERE runner_id = ? AND id IN (${inList(ids.length)})`).bind(RUNNER, ...ids).all());
  await run(() => db.prepare(`SELECT id FROM fit_files WHERE runner_id = ? AND f IN (${inList(ids.length)})`).bind(RUNNER, ...ids).all());
  await run(() => db.prepare('SELECT count(*) AS n, max(k) AS k FROM session_stats WHERE runner_id = ?').bind(RUNNER).first());
  const waves: ReplayTask[][] = [];
  for (let i = 0; i < tasks.length; i += WAVE_FILES) waves.push(tasks.slice(i, i + WAVE_FILES));
  const replayWaves = async () => { for (let wave = waves.shift(); wave; wave = waves.shift()) await replayWave(wave, env, skip, coordinator); };
  await Promise.all([replayWaves(), replayWaves()]);
  handled += tasks.length;
}

async function replayWave(tasks: ReplayTask[], env: ReplayEnv, skip: Set<string>, coordinator: DurableObjectStub<ReplayCoordinator> | null): Promise<void> {
  const ids = tasks.map((t) => t.fileId);
  const run = async (call: () => Promise<unknown>) => { if (!skip.has('d1')) await call(); };
  const db = env.DB_0;
  const members = skip.has('get') ? tasks.map((t) => new Uint8Array(t.member.length)) : await Promise.all(tasks.map(async (t) => {
    const object = await env.FILES.get(ARCHIVE_KEY, { range: t.member });
    return new Uint8Array(await object!.arrayBuffer());
  }));
  // the storage reservation of the wave, then its Parquet files
  await run(() => db.prepare('UPDATE fit_files SET g = ? WHERE runner_id = ? AND k = -1').bind(Date.now(), RUNNER).run());
  if (!skip.has('parquet')) await Promise.all(tasks.map((t, i) => env.FILES.put(`runners/${RUNNER}/sessions/${t.fileId}/records.parquet`, bytesOf(t.parquetBytes, members[i]!.length + i), { httpMetadata: { contentType: 'application/vnd.apache.parquet' } })));
  // the commit (file and session rows) and its check, the statistics detail objects, the analyses (stats, efforts)
  await run(() => db.batch(ids.flatMap((id) => [row(db, 'fit_files', id, 0), row(db, 'sessions', id, 0)])));
  await run(() => db.prepare(`SELECT id FROM fit_files WHERE runner_id = ? AND id IN (${ids.map(() => '?').join(',')})`).bind(RUNNER, ...ids.map((id) => `${id}-0`)).all());
  if (!skip.has('detail')) await Promise.all(tasks.map((t, i) => env.FILES.put(`runners/${RUNNER}/sessions/${t.fileId}/stats.json.gz`, bytesOf(t.detailBytes, i + 1), { httpMetadata: { contentType: 'application/json' } })));
  await run(() => db.batch(analysisBatch(db, ids)));
  await run(() => db.prepare(`SELECT id FROM session_stats WHERE runner_id = ? AND k = 0 AND id IN (${ids.map(() => '?').join(',')})`).bind(RUNNER, ...ids.map((id) => `${id}-0`)).all());
  await run(() => db.prepare('SELECT sum(a) AS s FROM session_stats WHERE runner_id = ? AND k = 1').bind(RUNNER).first());
  await coordinator?.reportFileOutcomes(tasks[0]!.jobId, ids);
}

export default {
  async fetch(request: Request, env: ReplayEnv): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/setup') {
      await setUp(env, Number(url.searchParams.get('archive')));
      return new Response('ready\n');
    }
    if (request.method === 'POST' && url.pathname === '/job') {
      await sendJob(env, url);
      return new Response('sent\n', { status: 202 });
    }
    if (url.pathname === '/handled') return Response.json({ handled });
    return new Response('bindings replay\n');
  },
  async queue(batch: MessageBatch<ReplayTask>, env: ReplayEnv): Promise<void> {
    await replayBatch(batch.messages.map((m) => m.body), env);
    for (const message of batch.messages) message.ack();
  },
};
