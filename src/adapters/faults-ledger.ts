/**
 * The drills' oracle, read straight from the bindings: per job, file counts by status (from the
 * runner's coordinator); digests of the results (D1), content-only so two runs of the same input
 * compare equal whatever ids they drew; and R2 key ownership. Served at GET /__test/ledger by the
 * test/drill entry only (workers/test-entry.ts).
 */
import { coordinatorFor } from './coordinator-client';
import { runnerPrefix, statsDetailKey } from '../core/keys';
import { joinSessionStats } from '../core/metrics/stats-layout';
import { createR2BlobStore } from './r2-blob-store';
import { readStatsDetail } from './stats-detail';
import { countRunnerRows } from './d1/data-tables';
import { createShardResolver, readShardBindings } from './d1/shards';
import { MAX_FILES_PAGE } from '../ports/coordinator';

/** The Worker's bindings: these, plus DIRECTORY and DB_0…DB_{N-1} (read by readShardBindings). */
export interface LedgerBindings {
  FILES: R2Bucket;
  COORDINATOR: { getByName(name: string): unknown };
}

export interface TestLedger {
  runnerId: string;
  jobs: Array<{ id: string; kind: string; status: string; stage: string; counts: Record<string, number>; byStatus: Record<string, number> }>;
  /** files still queued or processing, steps not terminal */
  openFiles: number;
  openJobs: number;
  rows: { fitFiles: number; sessions: number; stats: number; history: number; bests: number };
  /** the data shard holding the runner's rows, and rows of the runner found in any other shard (must be 0) */
  shard: number;
  rowsInOtherShards: number;
  /** fit files sharing a recording identity or bytes (must be 0) */
  duplicateRows: number;
  /** SHA-256 over sorted fit files (sha256, type, identity) and sessions (file sha, index, sport, start, distance, records) */
  importDigest: string;
  /** SHA-256 over sorted statistics (D1 summary + R2 detail), personal bests and daily history (content, not ids) */
  analysisDigest: string;
  analysisLines: string[];
  r2: { runnerKeys: number; bucketKeys: number; outsideAnyRunner: number; rowKeysOutsidePrefix: number; rowKeysMissing: number };
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function rows<T>(db: D1Database, sql: string, ...binds: unknown[]): Promise<T[]> {
  return (await db.prepare(sql).bind(...binds).all<T>()).results;
}

async function listKeys(bucket: R2Bucket, prefix: string | undefined, max = 50_000): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < Math.ceil(max / 1000); page++) {
    const listing = await bucket.list({ prefix, cursor, limit: 1000 });
    keys.push(...listing.objects.map((o) => o.key));
    if (!listing.truncated) break;
    cursor = listing.cursor;
  }
  return keys;
}

async function readJobs(bindings: LedgerBindings, runnerId: string): Promise<TestLedger['jobs']> {
  const coordinator = coordinatorFor(bindings.COORDINATOR, runnerId);
  const jobs: TestLedger['jobs'] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const listing = await coordinator.listJobs({ limit: 100, cursor });
    for (const item of listing.items) {
      const job = await coordinator.getJob(item.id);
      if (!job) continue;
      const byStatus: Record<string, number> = {};
      for (const f of job.files) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
      // a job answer carries the first files only: the rest page by page (bounded)
      let filesCursor = job.filesNextCursor ?? null;
      for (let filesPage = 0; filesCursor && filesPage < 1000; filesPage++) {
        const more = await coordinator.listJobFiles(item.id, { limit: MAX_FILES_PAGE, cursor: filesCursor });
        if (!more) break;
        for (const f of more.items) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
        filesCursor = more.nextCursor;
      }
      jobs.push({ id: job.id, kind: job.kind, status: job.status, stage: job.stage, counts: { ...job.counts }, byStatus });
    }
    if (!listing.nextCursor) break;
    cursor = listing.nextCursor;
  }
  return jobs;
}

export async function readTestLedger(bindings: LedgerBindings, runnerId: string): Promise<TestLedger> {
  const shardBindings = readShardBindings(bindings);
  const resolver = createShardResolver(shardBindings);
  const shard = await resolver.shardOf(runnerId);
  const db = resolver.shardAt(shard).$client;
  let rowsInOtherShards = 0;
  for (const [index, other] of shardBindings.shards.entries()) {
    if (other && index !== shard) rowsInOtherShards += Object.values(await countRunnerRows(other, runnerId)).reduce((a, b) => a + b, 0);
  }
  const jobs = await readJobs(bindings, runnerId);
  const files = await rows<{ id: string; sha256: string; file_type: string | null; fit_identity: string | null; r2_key: string; archive_member: string | null }>(db,
    'SELECT id, sha256, file_type, fit_identity, r2_key, archive_member FROM fit_files WHERE runner_id = ?', runnerId);
  const sessions = await rows<{ id: string; fit_file_id: string; session_index: number; sport: string | null; start_time: number | null; distance_m: number | null; record_count: number; records_key: string }>(db,
    'SELECT id, fit_file_id, session_index, sport, start_time, distance_m, record_count, records_key FROM sessions WHERE runner_id = ?', runnerId);
  const stats = await rows<{ session_id: string; local_date: string | null; load: number | null; stats_json: string; detail: number | null }>(db,
    'SELECT session_id, local_date, load, stats_json, detail FROM session_stats WHERE runner_id = ?', runnerId);
  // the statistics as computed: the D1 summary joined with the R2 detail (stats-layout.ts)
  const blobs = createR2BlobStore(bindings.FILES);
  const detailKeys = stats.filter((s) => s.detail !== null).map((s) => statsDetailKey(runnerId, s.session_id));
  const statsText = await Promise.all(stats.map(async (s) => (s.detail === null ? s.stats_json
    : JSON.stringify(joinSessionStats(JSON.parse(s.stats_json) as Record<string, unknown>, await readStatsDetail(blobs, statsDetailKey(runnerId, s.session_id)))))));
  const history = await rows<Record<string, unknown>>(db,
    'SELECT date, distance_m, time_s, sessions, load, ctl, atl, tsb FROM daily_history WHERE runner_id = ?', runnerId);
  const bests = await rows<{ distance_m: number; time_s: number; session_id: string }>(db,
    'SELECT distance_m, time_s, session_id FROM personal_bests WHERE runner_id = ?', runnerId);
  const uploads = await rows<{ r2_key: string }>(db, 'SELECT r2_key FROM uploads WHERE runner_id = ?', runnerId);

  // Ids differ between runs of the same input: name a session by its file's bytes and its index.
  const shaOf = new Map(files.map((f) => [f.id, f.sha256]));
  const sessionName = new Map(sessions.map((s) => [s.id, `${shaOf.get(s.fit_file_id)}#${s.session_index}`]));
  const importLines = [
    ...files.map((f) => `f|${f.sha256}|${f.file_type}|${f.fit_identity}`),
    ...sessions.map((s) => `s|${sessionName.get(s.id)}|${s.sport}|${s.start_time}|${s.distance_m}|${s.record_count}`),
  ].sort();
  const analysisLines = [
    ...(await Promise.all(stats.map(async (s, i) => `a|${sessionName.get(s.session_id)}|${s.local_date}|${s.load}|${await sha256(statsText[i]!)}`))),
    ...bests.map((b) => `p|${b.distance_m}|${b.time_s}|${sessionName.get(b.session_id)}`),
    ...history.map((h) => `h|${Object.values(h).join('|')}`),
  ].sort();

  const prefix = runnerPrefix(runnerId);
  const runnerKeys = new Set(await listKeys(bindings.FILES, prefix));
  const bucketKeys = await listKeys(bindings.FILES, undefined);
  // a ZIP member's original is read from its archive (no copy at r2_key): the archive must be there
  const originalKeys = files.map((f) => (f.archive_member ? (JSON.parse(f.archive_member) as { archiveKey: string }).archiveKey : f.r2_key));
  const rowKeys = [...uploads.map((u) => u.r2_key), ...originalKeys, ...sessions.map((s) => s.records_key), ...detailKeys];
  const openFiles = jobs.reduce((n, j) => n + (j.counts.queued ?? 0) + (j.counts.processing ?? 0), 0);
  return {
    runnerId,
    jobs,
    openFiles,
    openJobs: jobs.filter((j) => j.stage !== 'done').length,
    rows: { fitFiles: files.length, sessions: sessions.length, stats: stats.length, history: history.length, bests: bests.length },
    shard,
    rowsInOtherShards,
    duplicateRows: (files.length - new Set(files.map((f) => f.sha256)).size)
      + (files.filter((f) => f.fit_identity).length - new Set(files.flatMap((f) => (f.fit_identity ? [f.fit_identity] : []))).size),
    importDigest: await sha256(importLines.join('\n')),
    analysisDigest: await sha256(analysisLines.join('\n')),
    // the lines themselves, so a drill can say which result differs
    analysisLines,
    r2: {
      runnerKeys: runnerKeys.size,
      bucketKeys: bucketKeys.length,
      outsideAnyRunner: bucketKeys.filter((k) => !/^runners\/[^/]+\//.test(k)).length,
      rowKeysOutsidePrefix: rowKeys.filter((k) => !k.startsWith(prefix)).length,
      rowKeysMissing: rowKeys.filter((k) => k.startsWith(prefix) && !runnerKeys.has(k)).length,
    },
  };
}

/** GET /__test/ledger?runner=<id>: mounted only by workers/test-entry.ts (never the production entry). */
export async function serveTestLedger(request: Request, env: LedgerBindings): Promise<Response> {
  const runnerId = new URL(request.url).searchParams.get('runner');
  if (!runnerId) return Response.json({ error: 'runner is required' }, { status: 400 });
  const ledger = await readTestLedger(env, runnerId);
  return Response.json(ledger, { headers: { 'cache-control': 'no-store' } });
}
