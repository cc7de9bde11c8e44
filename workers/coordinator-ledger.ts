/**
 * The coordinator's ledger in its SQLite storage: jobs, their files and their steps.
 * Plain row mapping only; the rules that change rows live in src/core/chain.
 */
import type { JobCounts } from '../src/core/chain/job-counts';
import type { JobFile } from '../src/core/chain/job-state';
import type { JobStep, StepStatus } from '../src/core/chain/steps';

export interface JobRow {
  id: string;
  kind: string;
  status: string;
  stage: string;
  counts: string;
  started: number;
  progress: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface FileRow {
  job_id: string;
  file_id: string;
  name: string;
  status: string;
  code: string | null;
  message: string | null;
  session_ids: string | null;
  duplicate_of: string | null;
  attempts: number;
  lease_until: number | null;
  updated_at: number;
  task: string | null;
}

export interface StepRow {
  job_id: string;
  step_id: string;
  kind: string;
  status: string;
  exclusive: number;
  code: string | null;
  message: string | null;
  result: string | null;
  attempts: number;
  lease_until: number | null;
  updated_at: number;
  task: string;
  dispatched?: number;
  not_before?: number | null;
}

export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, stage TEXT NOT NULL, counts TEXT NOT NULL,
    started INTEGER NOT NULL DEFAULT 0, progress TEXT, created_at INTEGER NOT NULL, finished_at INTEGER)`,
  `CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS job_files (
    job_id TEXT NOT NULL, file_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, code TEXT, message TEXT,
    session_ids TEXT, duplicate_of TEXT, attempts INTEGER NOT NULL DEFAULT 0, lease_until INTEGER,
    updated_at INTEGER NOT NULL, task TEXT, PRIMARY KEY (job_id, file_id))`,
  `CREATE TABLE IF NOT EXISTS job_steps (
    job_id TEXT NOT NULL, step_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, exclusive INTEGER NOT NULL,
    code TEXT, message TEXT, result TEXT, attempts INTEGER NOT NULL DEFAULT 0, lease_until INTEGER,
    updated_at INTEGER NOT NULL, task TEXT NOT NULL, PRIMARY KEY (job_id, step_id))`,
];

/**
 * Created after the columns added in place (the constructor): every query the coordinator runs
 * on a report, a dispatch or a banner read finds its rows by index (test/workers/
 * coordinator-query-plans.test.ts). A runner's ledger keeps every job it ever ran, so a scan grows
 * with years of history and ran on every report: quadratic over a 1,000-file import.
 * An index on job_id alone ends in the rowid, so a job's files come in the order they were found
 * without a sort; a job's steps are found by (job_id, status) — the status is refreshed after
 * every file event and counts the failed steps of a job that may hold 1,000 analyse steps;
 * (status, dispatched) serves the open and unsent work, however it is asked for.
 */
export const INDEXES = [
  `CREATE INDEX IF NOT EXISTS job_files_job ON job_files (job_id)`,
  `CREATE INDEX IF NOT EXISTS job_steps_job ON job_steps (job_id, status)`,
  `CREATE INDEX IF NOT EXISTS job_files_work ON job_files (status, dispatched)`,
  `CREATE INDEX IF NOT EXISTS job_steps_work ON job_steps (status, dispatched)`,
  `CREATE INDEX IF NOT EXISTS jobs_open ON jobs (kind) WHERE finished_at IS NULL`,
  `CREATE INDEX IF NOT EXISTS jobs_finished ON jobs (finished_at)`,
  // superseded by the (status, dispatched) indexes
  `DROP INDEX IF EXISTS job_files_open`,
  `DROP INDEX IF EXISTS job_steps_open`,
  `DROP INDEX IF EXISTS job_steps_failed`,
];

export function toJobFile(row: FileRow): JobFile {
  return {
    fileId: row.file_id, name: row.name, status: row.status as JobFile['status'],
    code: row.code ?? undefined, message: row.message ?? undefined,
    sessionIds: row.session_ids ? (JSON.parse(row.session_ids) as string[]) : undefined,
    duplicateOf: row.duplicate_of ?? undefined, attempts: row.attempts,
    leaseUntil: row.lease_until ?? undefined, updatedAt: row.updated_at,
  };
}

export function toJobStep(row: StepRow): JobStep {
  return {
    stepId: row.step_id, kind: row.kind, status: row.status as StepStatus, exclusive: row.exclusive === 1,
    code: row.code ?? undefined, message: row.message ?? undefined,
    result: row.result ? (JSON.parse(row.result) as Record<string, unknown>) : undefined,
    attempts: row.attempts, leaseUntil: row.lease_until ?? undefined, updatedAt: row.updated_at,
  };
}

export class Ledger {
  constructor(private readonly sql: SqlStorage) {
    for (const statement of SCHEMA) sql.exec(statement);
    // Added after the first release of the ledger: older coordinators get the column in place.
    for (const table of ['job_files', 'job_steps']) {
      const columns = sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray().map((c) => c.name);
      if (!columns.includes('dispatched')) sql.exec(`ALTER TABLE ${table} ADD COLUMN dispatched INTEGER NOT NULL DEFAULT 1`);
      // a step held unsent until then (a delete's undo window); null = send when the window has room
      if (table === 'job_steps' && !columns.includes('not_before')) sql.exec(`ALTER TABLE job_steps ADD COLUMN not_before INTEGER`);
    }
    for (const statement of INDEXES) sql.exec(statement);
  }

  private all<T>(query: string, ...binds: SqlStorageValue[]): T[] {
    return this.sql.exec<Record<string, SqlStorageValue>>(query, ...binds).toArray() as unknown as T[];
  }

  runnerId(): string | undefined {
    return this.all<{ value: string }>(`SELECT value FROM meta WHERE key = 'runner_id'`)[0]?.value;
  }

  setRunnerId(runnerId: string): void {
    this.sql.exec(`INSERT INTO meta (key, value) VALUES ('runner_id', ?) ON CONFLICT DO NOTHING`, runnerId);
  }

  job(jobId: string): JobRow | undefined {
    return this.all<JobRow>(`SELECT * FROM jobs WHERE id = ?`, jobId)[0];
  }

  file(jobId: string, fileId: string): FileRow | undefined {
    return this.all<FileRow>(`SELECT * FROM job_files WHERE job_id = ? AND file_id = ?`, jobId, fileId)[0];
  }

  step(jobId: string, stepId: string): StepRow | undefined {
    return this.all<StepRow>(`SELECT * FROM job_steps WHERE job_id = ? AND step_id = ?`, jobId, stepId)[0];
  }

  files(jobId: string): FileRow[] {
    return this.all<FileRow>(`SELECT * FROM job_files WHERE job_id = ? ORDER BY rowid`, jobId);
  }

  /** a page of a job's files in the order they were found, after `afterRowid`, optionally of some statuses */
  filesPage(jobId: string, afterRowid: number, limit: number, statuses?: readonly string[]): Array<FileRow & { r: number }> {
    const filter = statuses && statuses.length > 0 ? ` AND status IN (${statuses.map(() => '?').join(', ')})` : '';
    return this.all<FileRow & { r: number }>(`SELECT rowid AS r, * FROM job_files WHERE job_id = ? AND rowid > ?${filter} ORDER BY rowid LIMIT ?`,
      jobId, afterRowid, ...(statuses ?? []), limit);
  }

  steps(jobId: string): StepRow[] {
    return this.all<StepRow>(`SELECT * FROM job_steps WHERE job_id = ? ORDER BY rowid`, jobId);
  }

  /** sent files not yet finished (unsent ones wait for the dispatch window, they are not stale) */
  openFiles(): FileRow[] {
    return this.all<FileRow>(`SELECT * FROM job_files WHERE status IN ('queued', 'processing') AND dispatched = 1`);
  }

  openSteps(): StepRow[] {
    return this.all<StepRow>(`SELECT * FROM job_steps WHERE status IN ('queued', 'processing') AND dispatched = 1 ORDER BY updated_at, rowid`);
  }

  /** the new sessions of a job's imported files (duplicates name sessions that are not new) */
  newSessionIds(jobId: string): string[] {
    return this.all<{ session_ids: string }>(`SELECT session_ids FROM job_files WHERE job_id = ? AND status = 'imported' AND session_ids IS NOT NULL ORDER BY rowid`, jobId)
      .flatMap((r) => JSON.parse(r.session_ids) as string[]);
  }

  /** one row per (kind, status) of a job's steps, with how many */
  stepGroups(jobId: string): Array<{ kind: string; status: StepStatus; n: number }> {
    return this.all(`SELECT kind, status, count(*) AS n FROM job_steps WHERE job_id = ? GROUP BY kind, status`, jobId);
  }

  /**
   * failed steps of a job that fail it (an analysis failure only counts in analysisFailed): the
   * status refresh after every file event reads this, not stepGroups, which visits every step
   * of the job (1,000 analyse steps in a 1,000-file import: quadratic over the import)
   */
  failedJobSteps(jobId: string): number {
    return this.all<{ n: number }>(`SELECT count(*) AS n FROM job_steps WHERE job_id = ? AND status = 'failed' AND kind != 'analyse-session'`, jobId)[0]?.n ?? 0;
  }

  failedSteps(jobId: string, limit: number): StepRow[] {
    return this.all<StepRow>(`SELECT * FROM job_steps WHERE job_id = ? AND status = 'failed' ORDER BY rowid LIMIT ?`, jobId, limit);
  }

  problemFiles(jobId: string, limit: number): FileRow[] {
    return this.all<FileRow>(`SELECT * FROM job_files WHERE job_id = ? AND status IN ('rejected', 'failed') ORDER BY rowid LIMIT ?`, jobId, limit);
  }

  /** any file or step still to finish (cheap: used on every report to keep the alarm armed) */
  hasOpenWork(): boolean {
    return this.all(`SELECT 1 FROM job_files WHERE status IN ('queued', 'processing') UNION ALL SELECT 1 FROM job_steps WHERE status IN ('waiting', 'queued', 'processing') LIMIT 1`).length > 0;
  }

  /** fan-out work sent and not yet finished (files and non-exclusive steps) */
  inFlight(): number {
    const rows = this.all<{ n: number }>(`SELECT (SELECT count(*) FROM job_files WHERE dispatched = 1 AND status IN ('queued', 'processing') AND task IS NOT NULL)
      + (SELECT count(*) FROM job_steps WHERE dispatched = 1 AND exclusive = 0 AND status IN ('queued', 'processing')) AS n`);
    return rows[0]?.n ?? 0;
  }

  /** the oldest registered-but-unsent work, files and steps together */
  undispatched(limit: number, now: number): Array<{ kind: 'file' | 'step'; job_id: string; id: string; task: string }> {
    return this.all(`SELECT * FROM (
        SELECT 'file' AS kind, job_id, file_id AS id, task, updated_at, rowid AS r FROM job_files WHERE dispatched = 0 AND status = 'queued' AND task IS NOT NULL
        UNION ALL SELECT 'step' AS kind, job_id, step_id AS id, task, updated_at, rowid AS r FROM job_steps WHERE dispatched = 0 AND status = 'queued' AND (not_before IS NULL OR not_before <= ?)
      ) ORDER BY updated_at, r LIMIT ?`, now, limit);
  }

  /** a job's steps registered but not sent yet (an undo window still open) */
  heldSteps(jobId: string): StepRow[] {
    return this.all<StepRow>(`SELECT * FROM job_steps WHERE job_id = ? AND dispatched = 0 AND status IN ('waiting', 'queued')`, jobId);
  }

  /**
   * when the next held step comes due after `now` (the alarm must come by then), or null. A step
   * already due but not sent (the window is full) is not counted: it goes with the next report or
   * round, and counting it would re-arm the alarm at `now` in a loop.
   */
  nextNotBefore(now: number): number | null {
    const rows = this.all<{ t: number | null }>(`SELECT min(not_before) AS t FROM job_steps WHERE dispatched = 0 AND status = 'queued' AND not_before > ?`, now);
    return rows[0]?.t ?? null;
  }

  markDispatched(kind: 'file' | 'step', jobId: string, id: string, now: number): void {
    if (kind === 'file') this.sql.exec(`UPDATE job_files SET dispatched = 1, updated_at = ? WHERE job_id = ? AND file_id = ?`, now, jobId, id);
    else this.sql.exec(`UPDATE job_steps SET dispatched = 1, updated_at = ? WHERE job_id = ? AND step_id = ?`, now, jobId, id);
  }

  exclusiveBusy(): boolean {
    return this.all(`SELECT 1 FROM job_steps WHERE exclusive = 1 AND status IN ('queued', 'processing') LIMIT 1`).length > 0;
  }

  oldestWaiting(): StepRow | undefined {
    return this.all<StepRow>(`SELECT * FROM job_steps WHERE status = 'waiting' ORDER BY updated_at, rowid LIMIT 1`)[0];
  }

  /** unfinished jobs of one kind (the per-runner fair-use limits) */
  openJobsOfKind(kind: string): number {
    return this.all<{ n: number }>(`SELECT count(*) AS n FROM jobs WHERE kind = ? AND finished_at IS NULL`, kind)[0]?.n ?? 0;
  }

  activeJobs(since: number): JobRow[] {
    // two index searches (unfinished, finished lately), not a walk back through every job ever run
    return this.all<JobRow>(`SELECT * FROM jobs WHERE rowid IN (SELECT rowid FROM jobs WHERE finished_at IS NULL UNION ALL SELECT rowid FROM jobs WHERE finished_at >= ?)
      ORDER BY created_at DESC LIMIT 20`, since);
  }

  page(before: [number, string], limit: number): JobRow[] {
    return this.all<JobRow>(`SELECT * FROM jobs WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
      before[0], before[1], limit);
  }

  insertJob(job: { id: string; kind: string; status: string; stage: string; counts: JobCounts; createdAt: number }): void {
    this.sql.exec(`INSERT INTO jobs (id, kind, status, stage, counts, started, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)`,
      job.id, job.kind, job.status, job.stage, JSON.stringify(job.counts), job.createdAt);
  }

  updateJob(id: string, fields: { status: string; stage: string; counts: JobCounts; started: boolean; finishedAt: number | null; progress?: string | null }): void {
    this.sql.exec(`UPDATE jobs SET status = ?, stage = ?, counts = ?, started = ?, finished_at = ?, progress = coalesce(?, progress) WHERE id = ?`,
      fields.status, fields.stage, JSON.stringify(fields.counts), fields.started ? 1 : 0, fields.finishedAt, fields.progress ?? null, id);
  }

  insertFile(jobId: string, file: { fileId: string; name: string; status: string; code?: string; message?: string; sessionIds?: string[]; duplicateOf?: string; task?: unknown; dispatched: boolean }, now: number): boolean {
    const cursor = this.sql.exec(
      `INSERT INTO job_files (job_id, file_id, name, status, code, message, session_ids, duplicate_of, updated_at, task, dispatched) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      jobId, file.fileId, file.name, file.status, file.code ?? null, file.message ?? null,
      file.sessionIds ? JSON.stringify(file.sessionIds) : null, file.duplicateOf ?? null, now, file.task ? JSON.stringify(file.task) : null, file.dispatched ? 1 : 0,
    );
    return cursor.rowsWritten > 0;
  }

  saveFile(jobId: string, file: JobFile): void {
    this.sql.exec(
      `UPDATE job_files SET status = ?, code = ?, message = ?, session_ids = ?, duplicate_of = ?, attempts = ?, lease_until = ?, updated_at = ? WHERE job_id = ? AND file_id = ?`,
      file.status, file.code ?? null, file.message ?? null, file.sessionIds ? JSON.stringify(file.sessionIds) : null,
      file.duplicateOf ?? null, file.attempts, file.leaseUntil ?? null, file.updatedAt, jobId, file.fileId,
    );
  }

  insertStep(jobId: string, step: { stepId: string; kind: string; status: StepStatus; exclusive: boolean; task: unknown; dispatched?: boolean; notBefore?: number }, now: number): boolean {
    const cursor = this.sql.exec(
      `INSERT INTO job_steps (job_id, step_id, kind, status, exclusive, updated_at, task, dispatched, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      jobId, step.stepId, step.kind, step.status, step.exclusive ? 1 : 0, now, JSON.stringify(step.task), step.dispatched === false ? 0 : 1, step.notBefore ?? null,
    );
    return cursor.rowsWritten > 0;
  }

  saveStep(jobId: string, step: JobStep): void {
    this.sql.exec(
      `UPDATE job_steps SET status = ?, code = ?, message = ?, result = ?, attempts = ?, lease_until = ?, updated_at = ? WHERE job_id = ? AND step_id = ?`,
      step.status, step.code ?? null, step.message ?? null, step.result ? JSON.stringify(step.result) : null,
      step.attempts, step.leaseUntil ?? null, step.updatedAt, jobId, step.stepId,
    );
  }
}
