/**
 * Test-only: what the local runtime costs a bulk import with no import in it. The app, started by
 * bench/archive-import.bench.ts with RECORD_BINDINGS=1, records every D1 statement and R2 call its
 * queue consumer makes (src/adapters/binding-recorder.ts); this Worker replays exactly those —
 * the same SQL with the same values on the app's schema (its migrations), the same R2 reads by
 * the same ranges and writes of the same sizes, as many queue messages in batches of the app's
 * size — and does no decoding, Parquet or statistics. It calls its coordinator as the app's
 * consumer calls the app's (per import invocation: once to start its files, once per wave of 8 to
 * report them; per step invocation: start and report), so the RPC plumbing counts here while the
 * app coordinator's own work (its ledger, chain and counts) stays the Worker's.
 *
 * Started with bindings-replay-wrangler.toml under `wrangler dev`, as the app runs; the workerd
 * CPU it uses is the part of the app's CPU that the local R2/D1/Queues/Durable Object simulators
 * and the runtime's plumbing take (in production those services run elsewhere, not in the Worker).
 * Calls run one after another (the app overlaps two waves): the same work, without overlap.
 */
import { DurableObject } from 'cloudflare:workers';
import type { RecordedInvocation, RecordedOp, RecordedStatement } from '../../src/adapters/binding-recorder';

interface ReplayEnv {
  FILES: R2Bucket;
  DIRECTORY: D1Database;
  DB_0: D1Database;
  TASKS: Queue<ReplayTask>;
  COORDINATOR: DurableObjectNamespace<ReplayCoordinator>;
}

/** Message `at` of recorded invocation `invocation`: the invocation is replayed on its first message. */
interface ReplayTask { invocation: number; at: number; fileId: string }

/** What a setup asks: the app's migrations (statements) and the objects its invocations read. */
interface Setup { directory: string[]; data: string[]; objects: Array<{ key: string; size: number }> }

const WAVE_FILES = 8;

export class ReplayCoordinator extends DurableObject<ReplayEnv> {
  constructor(ctx: DurableObjectState, env: ReplayEnv) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS job_files (file_id TEXT PRIMARY KEY, status TEXT, updated_at INTEGER)');
  }

  markFilesStarted(fileIds: string[]): string[] {
    for (const id of fileIds) this.ctx.storage.sql.exec('INSERT OR REPLACE INTO job_files VALUES (?, ?, ?)', id, 'processing', Date.now());
    return fileIds;
  }

  reportFileOutcomes(fileIds: string[]): number {
    for (const id of fileIds) this.ctx.storage.sql.exec('UPDATE job_files SET status = ?, updated_at = ? WHERE file_id = ?', 'imported', Date.now(), id);
    return this.ctx.storage.sql.exec('SELECT count(*) AS n FROM job_files WHERE status = ?', 'imported').one().n as number;
  }
}

let invocations: RecordedInvocation[] = [];
let handled = 0;
let replayed = { statements: 0, failed: 0, firstError: '' };

// one buffer of pseudo-random bytes per isolate: puts are views of it (sizes up to 1 MiB), so
// making the bytes costs nothing per put
const POOL = (() => {
  const out = new Uint8Array(1_048_576);
  let x = 7;
  for (let i = 0; i < out.length; i++) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; out[i] = x >>> 24; }
  return out;
})();

function bytesOf(size: number): Uint8Array {
  return size <= POOL.length ? POOL.subarray(0, Math.max(0, size)) : new Uint8Array(size);
}

/** A recorded value as D1 takes it (binary values were recorded by their length). */
function valueOf(param: unknown): unknown {
  return param !== null && typeof param === 'object' && 'bytes' in param ? new Uint8Array((param as { bytes: number }).bytes) : param;
}

async function setUp(env: ReplayEnv, setup: Setup): Promise<void> {
  for (const sql of setup.directory) await env.DIRECTORY.prepare(sql).run();
  for (const sql of setup.data) await env.DB_0.prepare(sql).run();
  for (const { key, size } of setup.objects) await env.FILES.put(key, bytesOf(size));
}

async function sendJob(env: ReplayEnv): Promise<number> {
  handled = 0;
  replayed = { statements: 0, failed: 0, firstError: '' };
  const tasks = invocations.flatMap((inv, invocation) => Array.from({ length: inv.messages }, (_, at) => ({ invocation, at, fileId: `${invocation}-${at}` })));
  for (let i = 0; i < tasks.length; i += 100) await env.TASKS.sendBatch(tasks.slice(i, i + 100).map((body) => ({ body })));
  return tasks.length;
}

/** the app's data shards are one database here: the bench's runner lives on one shard */
function databaseOf(env: ReplayEnv, name: string): D1Database {
  return name === 'DIRECTORY' ? env.DIRECTORY : env.DB_0;
}

function prepared(db: D1Database, s: RecordedStatement): D1PreparedStatement {
  const statement = db.prepare(s.sql);
  return s.params.length > 0 ? statement.bind(...s.params.map(valueOf)) : statement;
}

async function replayD1(env: ReplayEnv, op: Extract<RecordedOp, { kind: 'd1' | 'd1-batch' | 'd1-exec' }>): Promise<void> {
  const db = databaseOf(env, op.db);
  const count = op.kind === 'd1-batch' ? op.statements.length : 1;
  replayed.statements += count;
  try {
    if (op.kind === 'd1') {
      const statement = prepared(db, op.statement);
      if (op.method === 'raw') await statement.raw();
      else if (op.method === 'first') await statement.first();
      else if (op.method === 'run') await statement.run();
      else await statement.all();
    } else if (op.kind === 'd1-batch') {
      await db.batch(op.statements.map((s) => prepared(db, s)));
    } else {
      await db.exec(op.sql);
    }
  } catch (error) {
    // the app's statements on the app's schema should all run; a failure is reported, not hidden
    replayed.failed += count;
    replayed.firstError ||= String(error).slice(0, 300);
  }
}

async function replayR2(env: ReplayEnv, op: Exclude<RecordedOp, { kind: 'd1' | 'd1-batch' | 'd1-exec' }>): Promise<void> {
  switch (op.kind) {
    case 'r2-get': {
      const range: R2Range | undefined = op.suffix !== undefined ? { suffix: op.suffix }
        : op.offset !== undefined ? { offset: op.offset, ...(op.length !== undefined ? { length: op.length } : {}) }
        : op.length !== undefined ? { length: op.length } : undefined;
      const object = await env.FILES.get(op.key, range ? { range } : undefined);
      if (object) await object.arrayBuffer();
      return;
    }
    case 'r2-head': await env.FILES.head(op.key); return;
    case 'r2-put': await env.FILES.put(op.key, bytesOf(op.size), op.contentType ? { httpMetadata: { contentType: op.contentType } } : undefined); return;
    case 'r2-delete': await env.FILES.delete(Array.from({ length: op.keys }, (_, i) => `replay/absent-${i}`)); return;
    case 'r2-list': await env.FILES.list(op.prefix ? { prefix: op.prefix } : undefined); return;
  }
}

/** One recorded invocation: its calls in order, its coordinator calls as the app's consumer makes them. */
async function replayInvocation(env: ReplayEnv, k: number): Promise<void> {
  const inv = invocations[k]!;
  const coordinator = env.COORDINATOR.getByName('replay');
  const ids = Array.from({ length: inv.messages }, (_, at) => `${k}-${at}`);
  await coordinator.markFilesStarted(ids);
  for (const op of inv.ops) {
    if (op.kind === 'd1' || op.kind === 'd1-batch' || op.kind === 'd1-exec') await replayD1(env, op);
    else await replayR2(env, op);
  }
  for (let i = 0; i < ids.length; i += WAVE_FILES) await coordinator.reportFileOutcomes(ids.slice(i, i + WAVE_FILES));
}

export default {
  async fetch(request: Request, env: ReplayEnv): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/setup') {
      await setUp(env, await request.json<Setup>());
      return new Response('ready\n');
    }
    if (request.method === 'POST' && url.pathname === '/load') {
      invocations = await request.json<RecordedInvocation[]>();
      return Response.json({ invocations: invocations.length });
    }
    if (request.method === 'POST' && url.pathname === '/job') return Response.json({ messages: await sendJob(env) }, { status: 202 });
    if (url.pathname === '/handled') return Response.json({ handled, ...replayed });
    return new Response('bindings replay\n');
  },
  async queue(batch: MessageBatch<ReplayTask>, env: ReplayEnv): Promise<void> {
    for (const message of batch.messages) {
      if (message.body.at === 0) await replayInvocation(env, message.body.invocation);
      message.ack();
    }
    handled += batch.messages.length;
  },
};
