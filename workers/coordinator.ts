/**
 * The runner's coordinator: one Durable Object per runner (SQLite storage). It owns the
 * runner's jobs, their files and counts, moves a job to its final status when every file is
 * terminal, and runs an alarm-driven reconciler that re-enqueues files stuck in queued or
 * processing past a lease (local queues lose their backlog when wrangler dev is killed).
 * The transition rules live in src/core/chain; this class persists what they return.
 */
import { DurableObject } from 'cloudflare:workers';
import { type FileOutcome, type JobFile, isStale, isTerminal, transitionFile, type FileEvent } from '../src/core/chain/job-state';
import { addFileToCounts, allFilesTerminal, deriveJobStatus, emptyCounts, moveInCounts, type JobCounts } from '../src/core/chain/job-counts';
import type { JobView, NewJobFile } from '../src/ports';
import { createTaskQueue } from '../src/adapters/task-queue';
import { parseTaskMessage, type TaskMessage } from '../src/contracts/queue-messages';
import { readConfig } from './config';

interface JobRow {
  id: string;
  kind: string;
  status: string;
  stage: string;
  counts: string;
  started: number;
  created_at: number;
  finished_at: number | null;
}

interface FileRow {
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

function toJobFile(row: FileRow): JobFile {
  return {
    fileId: row.file_id, name: row.name, status: row.status as JobFile['status'],
    code: row.code ?? undefined, message: row.message ?? undefined,
    sessionIds: row.session_ids ? (JSON.parse(row.session_ids) as string[]) : undefined,
    duplicateOf: row.duplicate_of ?? undefined, attempts: row.attempts,
    leaseUntil: row.lease_until ?? undefined, updatedAt: row.updated_at,
  };
}

export class Coordinator extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS jobs (
      id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, stage TEXT NOT NULL,
      counts TEXT NOT NULL, started INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, finished_at INTEGER)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created_at DESC, id DESC)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS job_files (
      job_id TEXT NOT NULL, file_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
      code TEXT, message TEXT, session_ids TEXT, duplicate_of TEXT, attempts INTEGER NOT NULL DEFAULT 0,
      lease_until INTEGER, updated_at INTEGER NOT NULL, task TEXT, PRIMARY KEY (job_id, file_id))`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS job_files_open ON job_files (status) WHERE status IN ('queued', 'processing')`);
  }

  async createJob(input: { jobId: string; kind: string; files: NewJobFile[] }): Promise<JobView> {
    const existing = this.jobRow(input.jobId);
    if (existing) return this.view(existing);
    const now = Date.now();
    let counts = emptyCounts();
    for (const file of input.files) {
      const status = file.outcome?.status ?? file.status ?? 'queued';
      counts = addFileToCounts(counts, status);
      this.sql.exec(
        `INSERT INTO job_files (job_id, file_id, name, status, code, message, updated_at, task) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        input.jobId, file.fileId, file.name, status, file.outcome?.code ?? null, file.outcome?.message ?? null, now,
        file.task ? JSON.stringify(file.task) : null,
      );
    }
    const done = allFilesTerminal(counts);
    this.sql.exec(
      `INSERT INTO jobs (id, kind, status, stage, counts, started, created_at, finished_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
      input.jobId, input.kind, deriveJobStatus(counts, false), done ? 'done' : 'import', JSON.stringify(counts), now, done ? now : null,
    );
    if (!done) await this.armAlarm();
    return this.view(this.jobRow(input.jobId)!);
  }

  async markFileStarted(jobId: string, fileId: string): Promise<{ proceed: boolean }> {
    const now = Date.now();
    const changed = this.applyFileEvent(jobId, fileId, { type: 'started', at: now, leaseUntil: now + readConfig(this.env).reconcileLeaseMs });
    if (changed) return { proceed: true };
    const file = this.fileRow(jobId, fileId);
    return { proceed: !!file && !isTerminal(file.status as JobFile['status']) };
  }

  async reportFileOutcome(jobId: string, fileId: string, outcome: FileOutcome): Promise<void> {
    this.applyFileEvent(jobId, fileId, { type: 'outcome', at: Date.now(), outcome });
  }

  async getJob(jobId: string): Promise<JobView | null> {
    const row = this.jobRow(jobId);
    return row ? this.view(row) : null;
  }

  async listJobs(options: { limit: number; cursor?: string }): Promise<{ items: JobView[]; nextCursor: string | null }> {
    const [at, id] = options.cursor ? (JSON.parse(atob(options.cursor)) as [number, string]) : [Number.MAX_SAFE_INTEGER, ''];
    const rows = this.sql.exec<Record<string, SqlStorageValue>>(
      `SELECT * FROM jobs WHERE created_at < ? OR (created_at = ? AND id < ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
      at, at, id || '\uffff', options.limit + 1,
    ).toArray() as unknown as JobRow[];
    const items = rows.slice(0, options.limit).map((row) => this.view(row, false));
    const last = rows.length > options.limit ? rows[options.limit - 1] : undefined;
    return { items, nextCursor: last ? btoa(JSON.stringify([last.created_at, last.id])) : null };
  }

  /** Reconciler: re-enqueue files whose lease (or queue wait) expired; re-arm while work is open. */
  override async alarm(): Promise<void> {
    const config = readConfig(this.env);
    const now = Date.now();
    const open = this.sql.exec<Record<string, SqlStorageValue>>(
      `SELECT * FROM job_files WHERE status IN ('queued', 'processing')`,
    ).toArray() as unknown as FileRow[];
    const tasks: TaskMessage[] = [];
    for (const row of open) {
      if (!isStale(toJobFile(row), now, config.reconcileLeaseMs) || !row.task) continue;
      if (this.applyFileEvent(row.job_id, row.file_id, { type: 'requeued', at: now })) tasks.push(parseTaskMessage(JSON.parse(row.task)));
    }
    try {
      if (tasks.length > 0) await createTaskQueue(this.env.TASKS).send(tasks);
    } finally {
      if (open.length > 0) await this.ctx.storage.setAlarm(Date.now() + config.reconcileIntervalMs);
    }
  }

  private async armAlarm(): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null) await this.ctx.storage.setAlarm(Date.now() + readConfig(this.env).reconcileIntervalMs);
  }

  /** Applies one event to a file and the job's counts; false when the rules ignored it. */
  private applyFileEvent(jobId: string, fileId: string, event: FileEvent): boolean {
    const job = this.jobRow(jobId);
    const row = this.fileRow(jobId, fileId);
    if (!job || !row) return false;
    const before = toJobFile(row);
    const result = transitionFile(before, event);
    if (!result.changed) return false;
    const file = result.file;
    this.sql.exec(
      `UPDATE job_files SET status = ?, code = ?, message = ?, session_ids = ?, duplicate_of = ?, attempts = ?, lease_until = ?, updated_at = ?
       WHERE job_id = ? AND file_id = ?`,
      file.status, file.code ?? null, file.message ?? null, file.sessionIds ? JSON.stringify(file.sessionIds) : null,
      file.duplicateOf ?? null, file.attempts, file.leaseUntil ?? null, file.updatedAt, jobId, fileId,
    );
    const counts: JobCounts = moveInCounts(JSON.parse(job.counts) as JobCounts, before.status, file.status);
    const started = job.started === 1 || event.type === 'started';
    const done = allFilesTerminal(counts);
    this.sql.exec(
      `UPDATE jobs SET counts = ?, status = ?, stage = ?, started = ?, finished_at = ? WHERE id = ?`,
      JSON.stringify(counts), deriveJobStatus(counts, started), done ? 'done' : 'import', started ? 1 : 0,
      done ? (job.finished_at ?? event.at) : null, jobId,
    );
    return true;
  }

  private jobRow(jobId: string): JobRow | undefined {
    return this.sql.exec<Record<string, SqlStorageValue>>(`SELECT * FROM jobs WHERE id = ?`, jobId).toArray()[0] as unknown as JobRow | undefined;
  }

  private fileRow(jobId: string, fileId: string): FileRow | undefined {
    return this.sql.exec<Record<string, SqlStorageValue>>(`SELECT * FROM job_files WHERE job_id = ? AND file_id = ?`, jobId, fileId)
      .toArray()[0] as unknown as FileRow | undefined;
  }

  private view(row: JobRow, withFiles = true): JobView {
    const files = withFiles
      ? (this.sql.exec<Record<string, SqlStorageValue>>(`SELECT * FROM job_files WHERE job_id = ? ORDER BY rowid`, row.id).toArray() as unknown as FileRow[])
        .map(toJobFile).map(({ fileId, name, status, code, message, sessionIds, duplicateOf }) => ({ fileId, name, status, code, message, sessionIds, duplicateOf }))
      : [];
    return {
      id: row.id, kind: row.kind, status: row.status, stage: row.stage, counts: JSON.parse(row.counts) as JobCounts,
      files, createdAt: row.created_at, finishedAt: row.finished_at ?? undefined,
    };
  }
}
