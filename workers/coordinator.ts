/**
 * The runner's coordinator: one Durable Object per runner (SQLite storage). It owns the
 * runner's jobs — their files, steps, counts and stage — chains the stages (import → analyse
 * → bests → history), runs runner-wide steps one at a time, pushes every change to the
 * runner's open banners over hibernatable WebSockets, and reconciles on an alarm: files or
 * steps stuck past their lease are re-enqueued (a killed `wrangler dev` loses its queue).
 * The rules live in src/core/chain; this class persists what they return, then broadcasts.
 */
import { DurableObject } from 'cloudflare:workers';
import { addFileToCounts, deriveJobStatus, emptyCounts, moveInCounts, type JobCounts } from '../src/core/chain/job-counts';
import { isStale, transitionFile, type FileEvent, type FileOutcome } from '../src/core/chain/job-state';
import { isStepStale, isStepTerminal, transitionStep, type StepEvent, type StepOutcome } from '../src/core/chain/steps';
import { nextChainMove, type StepSpec } from '../src/core/chain/upload-chain';
import type { BannerJob, ServerFrame } from '../src/contracts/ws-frames';
import { parseClientFrame } from '../src/contracts/ws-frames';
import { parseTaskMessage, type TaskMessage } from '../src/contracts/queue-messages';
import type { FileRef, JobFilesPage, JobFilesQuery, JobView, NewJob, NewJobFile } from '../src/ports';
import { JOB_FILES_IN_ANSWER, MAX_FILES_PAGE } from '../src/ports/coordinator';
import { createTaskQueue } from '../src/adapters/task-queue';
import { Ledger, toJobFile, toJobStep, type JobRow } from './coordinator-ledger';
import { readConfig } from './config';

const CHAIN_KINDS = new Set(['upload', 'recompute', 'reanalyse']);
/** open WebSockets (banner feeds) one runner may hold */
export const MAX_SOCKETS = 10;

export class Coordinator extends DurableObject<Env> {
  private readonly ledger: Ledger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ledger = new Ledger(ctx.storage.sql);
  }

  // ── RPC ────────────────────────────────────────────────────────────────────────────────
  /**
   * createJob unless `maxOpen` jobs of the same kind are unfinished (fair use: whole-history
   * re-analyses, plan optimisations). The count and the insert run before the first await, so
   * two requests at once cannot both pass.
   */
  async createJobWithin(input: NewJob, maxOpen: number): Promise<{ job: JobView } | { busy: number }> {
    const open = this.ledger.openJobsOfKind(input.kind);
    if (!this.ledger.job(input.jobId) && open >= maxOpen) return { busy: open };
    return { job: await this.createJob(input) };
  }

  async createJob(input: NewJob): Promise<JobView> {
    if (!this.ledger.job(input.jobId)) {
      this.ledger.setRunnerId(input.runnerId);
      const now = Date.now();
      let counts = emptyCounts();
      for (const file of input.files) counts = addFileToCounts(counts, file.outcome?.status ?? file.status ?? 'queued');
      this.ledger.insertJob({ id: input.jobId, kind: input.kind, status: 'queued', stage: input.stage ?? 'import', counts, createdAt: now });
      for (const file of input.files) this.insertFile(input.jobId, file, now);
      const tasks: TaskMessage[] = [];
      for (const step of input.steps ?? []) {
        const status = step.exclusive && this.ledger.exclusiveBusy() ? 'waiting' : 'queued';
        this.ledger.insertStep(input.jobId, { stepId: step.stepId, kind: step.kind, status, exclusive: !!step.exclusive, task: step.task }, now);
        if (status === 'queued') tasks.push(step.task);
      }
      tasks.push(...this.advance(input.jobId), ...this.dispatch(now));
      await this.after(input.jobId, tasks);
    }
    return this.view(this.ledger.job(input.jobId)!);
  }

  async addFiles(jobId: string, files: NewJobFile[]): Promise<void> {
    const job = this.ledger.job(jobId);
    if (!job) return;
    let counts = JSON.parse(job.counts) as JobCounts;
    const now = Date.now();
    // Fanned-out files are registered unsent; the coordinator sends them a window at a time.
    for (const file of files) if (this.insertFile(jobId, file, now, false)) counts = addFileToCounts(counts, file.outcome?.status ?? file.status ?? 'queued');
    this.ledger.updateJob(jobId, { status: job.status === 'queued' ? 'running' : job.status, stage: job.stage, counts, started: true, finishedAt: job.finished_at });
    await this.after(jobId, [...this.advance(jobId), ...this.dispatch(now)]);
  }

  async markFileStarted(jobId: string, fileId: string): Promise<{ proceed: boolean }> {
    const now = Date.now();
    if (this.applyFileEvent(jobId, fileId, { type: 'started', at: now, leaseUntil: now + readConfig(this.env).reconcileLeaseMs })) {
      await this.after(jobId, []);
      return { proceed: true };
    }
    return { proceed: false };
  }

  async reportFileOutcome(jobId: string, fileId: string, outcome: FileOutcome): Promise<void> {
    if (this.applyFileEvent(jobId, fileId, { type: 'outcome', at: Date.now(), outcome })) await this.after(jobId, [...this.advance(jobId), ...this.dispatch(Date.now())]);
  }

  /** A group of files (one queue batch's imports) started at once: the ones to process. */
  async markFilesStarted(files: FileRef[]): Promise<string[]> {
    const now = Date.now();
    const leaseUntil = now + readConfig(this.env).reconcileLeaseMs;
    const proceed = files.filter((f) => this.applyFileEvent(f.jobId, f.fileId, { type: 'started', at: now, leaseUntil }));
    for (const jobId of new Set(proceed.map((f) => f.jobId))) await this.after(jobId, []);
    return proceed.map((f) => f.fileId);
  }

  /**
   * A group's outcomes in one call. Sessions the importer already analysed get their analyse
   * step recorded as succeeded here, so the chain does not send them again.
   */
  async reportFileOutcomes(reports: Array<FileRef & { outcome: FileOutcome }>): Promise<void> {
    const now = Date.now();
    const touched = new Set<string>();
    for (const { jobId, fileId, outcome } of reports) {
      if (!this.applyFileEvent(jobId, fileId, { type: 'outcome', at: now, outcome })) continue;
      touched.add(jobId);
      if (outcome.status === 'imported') for (const sessionId of outcome.analysedSessionIds ?? []) this.recordAnalysed(jobId, sessionId, now);
    }
    const tasks: TaskMessage[] = [];
    for (const jobId of touched) tasks.push(...this.advance(jobId));
    tasks.push(...this.dispatch(now));
    const jobs = [...touched];
    for (const jobId of jobs.slice(1)) this.broadcast(jobId);
    if (jobs.length > 0) await this.after(jobs[0]!, tasks);
  }

  async markStepStarted(jobId: string, stepId: string): Promise<{ proceed: boolean }> {
    const now = Date.now();
    const proceed = this.applyStepEvent(jobId, stepId, { type: 'started', at: now, leaseUntil: now + readConfig(this.env).reconcileLeaseMs });
    return { proceed };
  }

  async reportStepOutcome(jobId: string, stepId: string, outcome: StepOutcome): Promise<void> {
    const now = Date.now();
    const row = this.ledger.step(jobId, stepId);
    const tasks: TaskMessage[] = [];
    if (row && outcome.next && !isStepTerminal(toJobStep(row).status)) {
      // Register the continuation before closing this step, so a crash between the two cannot lose it.
      const next = parseTaskMessage(outcome.next.task);
      if (this.ledger.insertStep(jobId, { stepId: outcome.next.stepId, kind: outcome.next.kind, status: 'queued', exclusive: row.exclusive === 1, task: next }, now)) tasks.push(next);
    }
    if (!this.applyStepEvent(jobId, stepId, { type: 'outcome', at: now, outcome })) return;
    if (outcome.progress) this.setProgress(jobId, outcome.progress);
    if (row?.exclusive === 1) tasks.push(...this.releaseWaiting(now));
    tasks.push(...this.advance(jobId), ...this.dispatch(now));
    await this.after(jobId, tasks);
  }

  async getJob(jobId: string, options: JobFilesQuery = {}): Promise<JobView | null> {
    const row = this.ledger.job(jobId);
    return row ? this.view(row, true, options) : null;
  }

  /** The rest of a job's files, a page at a time (a job answer carries only the first ones). */
  async listJobFiles(jobId: string, options: JobFilesQuery & { cursor?: string }): Promise<JobFilesPage | null> {
    if (!this.ledger.job(jobId)) return null;
    return this.filesPage(jobId, options);
  }

  async listJobs(options: { limit: number; cursor?: string }): Promise<{ items: JobView[]; nextCursor: string | null }> {
    const before = decodeJobCursor(options.cursor) ?? [Number.MAX_SAFE_INTEGER, ''];
    const rows = this.ledger.page([before[0], before[1] || '\uffff'], options.limit + 1);
    const items = rows.slice(0, options.limit).map((row) => this.view(row, false));
    const last = rows.length > options.limit ? rows[options.limit - 1] : undefined;
    return { items, nextCursor: last ? btoa(JSON.stringify([last.created_at, last.id])) : null };
  }

  // ── WebSocket banner (hibernatable) ───────────────────────────────────────────────────
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response('Expected a WebSocket upgrade', { status: 426 });
    // A runner needs one socket per open tab; past the cap a tab falls back to the page it has.
    if (this.ctx.getWebSockets().length >= MAX_SOCKETS) {
      return Response.json({ type: 'https://pacelab.dev/problems/too_many_connections', title: 'too many connections', status: 429, code: 'too_many_connections',
        detail: `This account already has ${MAX_SOCKETS} live connections open; close a tab and try again.` }, { status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '30' } });
    }
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    this.send(pair[1], { type: 'snapshot', jobs: this.ledger.activeJobs(Date.now() - 60_000).map((row) => this.banner(row)) });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    try {
      if (typeof message === 'string' && parseClientFrame(message).type === 'ping') this.send(ws, { type: 'pong' });
    } catch {
      ws.close(1003, 'unsupported frame');
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try { ws.close(code === 1005 ? 1000 : code, 'bye'); } catch { /* already closed */ }
  }

  // ── Reconciler ────────────────────────────────────────────────────────────────────────
  override async alarm(): Promise<void> {
    const config = readConfig(this.env);
    const now = Date.now();
    const tasks: TaskMessage[] = [];
    const touched = new Set<string>();
    try {
      for (const row of this.ledger.openFiles()) {
        if (!row.task || !isStale(toJobFile(row), now, config.reconcileLeaseMs)) continue;
        const task = this.readTask('file', row.job_id, row.file_id, row.task, now);
        touched.add(row.job_id);
        if (task && this.applyFileEvent(row.job_id, row.file_id, { type: 'requeued', at: now })) tasks.push(task);
      }
      for (const row of this.ledger.openSteps()) {
        if (!isStepStale(toJobStep(row), now, config.reconcileLeaseMs)) continue;
        const task = this.readTask('step', row.job_id, row.step_id, row.task, now);
        touched.add(row.job_id);
        if (task && this.applyStepEvent(row.job_id, row.step_id, { type: 'requeued', at: now })) tasks.push(task);
      }
      for (const jobId of touched) tasks.push(...this.advance(jobId));
      tasks.push(...this.releaseWaiting(now), ...this.dispatch(now));
      if (tasks.length > 0) await createTaskQueue(this.env.TASKS).send(tasks);
    } finally {
      // Whatever happened above, the reconciler comes back while work is open.
      for (const jobId of touched) this.broadcast(jobId);
      if (this.ledger.hasOpenWork()) await this.ctx.storage.setAlarm(Date.now() + config.reconcileIntervalMs);
    }
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────
  /** `dispatched`: the creator sends the file's task itself (an upload's own files) */
  private insertFile(jobId: string, file: NewJobFile, now: number, dispatched = true): boolean {
    const status = file.outcome?.status ?? file.status ?? 'queued';
    const o = file.outcome;
    return this.ledger.insertFile(jobId, { fileId: file.fileId, name: file.name, status, code: o?.code, message: o?.message, sessionIds: o?.sessionIds, duplicateOf: o?.duplicateOf, task: file.task, dispatched }, now);
  }

  private applyFileEvent(jobId: string, fileId: string, event: FileEvent): boolean {
    const job = this.ledger.job(jobId);
    const row = this.ledger.file(jobId, fileId);
    if (!job || !row) return false;
    const before = toJobFile(row);
    const result = transitionFile(before, event);
    if (!result.changed) return false;
    this.ledger.saveFile(jobId, result.file);
    const counts = moveInCounts(JSON.parse(job.counts) as JobCounts, before.status, result.file.status);
    this.ledger.updateJob(jobId, { status: job.status, stage: job.stage, counts, started: true, finishedAt: job.finished_at });
    this.refreshStatus(jobId);
    return true;
  }

  private recordAnalysed(jobId: string, sessionId: string, now: number): void {
    const job = this.ledger.job(jobId)!;
    const spec: StepSpec = { stepId: `analyse:${sessionId}`, kind: 'analyse-session', exclusive: false, sessionId };
    if (!this.ledger.insertStep(jobId, { stepId: spec.stepId, kind: spec.kind, status: 'succeeded', exclusive: false, task: stepTask(spec, job, this.ledger.runnerId() ?? '') }, now)) return;
    const counts = JSON.parse(job.counts) as JobCounts;
    this.ledger.updateJob(jobId, { status: job.status, stage: job.stage, counts: { ...counts, analysed: counts.analysed + 1 }, started: true, finishedAt: job.finished_at });
  }

  private applyStepEvent(jobId: string, stepId: string, event: StepEvent): boolean {
    const job = this.ledger.job(jobId);
    const row = this.ledger.step(jobId, stepId);
    if (!job || !row) return false;
    const next = transitionStep(toJobStep(row), event);
    if (!next) return false;
    this.ledger.saveStep(jobId, next);
    let counts = JSON.parse(job.counts) as JobCounts;
    if (event.type === 'outcome' && row.kind === 'analyse-session') {
      counts = next.status === 'succeeded' ? { ...counts, analysed: counts.analysed + 1 } : { ...counts, analysisFailed: counts.analysisFailed + 1 };
    }
    this.ledger.updateJob(jobId, { status: job.status, stage: job.stage, counts, started: true, finishedAt: job.finished_at });
    this.refreshStatus(jobId);
    return true;
  }

  /** Applies chain moves until the job rests; returns the tasks of the steps it started. */
  private advance(jobId: string): TaskMessage[] {
    const tasks: TaskMessage[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const job = this.ledger.job(jobId)!;
      // Aggregates, not rows: a job may hold thousands of files or steps, and this runs on every report.
      const steps = this.ledger.stepGroups(jobId);
      let move: { stage: string; spawn: StepSpec[] } | null;
      if (CHAIN_KINDS.has(job.kind)) {
        move = nextChainMove({ stage: job.stage, counts: JSON.parse(job.counts) as JobCounts, newSessionIds: () => this.ledger.newSessionIds(jobId), steps });
      } else {
        move = job.stage !== 'done' && steps.length > 0 && steps.every((s) => isStepTerminal(s.status)) ? { stage: 'done', spawn: [] } : null;
      }
      if (!move) break;
      const now = Date.now();
      for (const spec of move.spawn) {
        const task = stepTask(spec, job, this.ledger.runnerId() ?? '');
        const status = spec.exclusive && this.ledger.exclusiveBusy() ? 'waiting' : 'queued';
        // Per-session steps join the runner's dispatch window; runner-wide steps go at once.
        const dispatched = spec.exclusive;
        if (this.ledger.insertStep(jobId, { stepId: spec.stepId, kind: spec.kind, status, exclusive: spec.exclusive, task, dispatched }, now) && status === 'queued' && dispatched) tasks.push(task);
      }
      this.ledger.updateJob(jobId, { status: job.status, stage: move.stage, counts: JSON.parse(job.counts) as JobCounts, started: job.started === 1, finishedAt: job.finished_at });
      this.refreshStatus(jobId);
    }
    return tasks;
  }

  private refreshStatus(jobId: string): void {
    const job = this.ledger.job(jobId)!;
    const counts = JSON.parse(job.counts) as JobCounts;
    const finished = job.stage === 'done';
    const failedSteps = this.ledger.stepGroups(jobId).filter((g) => g.status === 'failed' && g.kind !== 'analyse-session').reduce((n, g) => n + g.n, 0);
    const status = CHAIN_KINDS.has(job.kind)
      ? deriveJobStatus(counts, job.started === 1, finished, failedSteps)
      : finished ? (failedSteps > 0 ? 'failed' : 'completed') : job.started === 1 ? 'running' : 'queued';
    this.ledger.updateJob(jobId, { status, stage: job.stage, counts, started: job.started === 1, finishedAt: finished ? (job.finished_at ?? Date.now()) : null });
  }

  /**
   * Sends registered work up to the runner's window (DISPATCH_WINDOW in flight). One runner's
   * 10,000-file export then holds at most a window's worth of the shared queue, so another
   * runner's single upload is not stuck behind it (tenant fairness).
   */
  private dispatch(now: number): TaskMessage[] {
    const room = readConfig(this.env).dispatchWindow - this.ledger.inFlight();
    if (room <= 0) return [];
    return this.ledger.undispatched(room).flatMap((row) => {
      this.ledger.markDispatched(row.kind, row.job_id, row.id, now);
      const task = this.readTask(row.kind === 'file' ? 'file' : 'step', row.job_id, row.id, row.task, now);
      return task ? [task] : [];
    });
  }

  private releaseWaiting(now: number): TaskMessage[] {
    if (this.ledger.exclusiveBusy()) return [];
    const waiting = this.ledger.oldestWaiting();
    if (!waiting || !this.applyStepEvent(waiting.job_id, waiting.step_id, { type: 'released', at: now })) return [];
    const task = this.readTask('step', waiting.job_id, waiting.step_id, waiting.task, now);
    return task ? [task] : [];
  }

  /**
   * A stored task that no longer parses (a row written before a schema change, or a value the
   * schema refuses) must not stop the reconciler for every other row: its file or step ends
   * failed with `unreadable_task` and the rest goes on.
   */
  private readTask(kind: 'file' | 'step', jobId: string, id: string, raw: string, now: number): TaskMessage | null {
    try {
      return parseTaskMessage(JSON.parse(raw));
    } catch (error) {
      console.error('unreadable task in the ledger', kind, jobId, id, error instanceof Error ? error.message.slice(0, 300) : String(error));
      const outcome = { status: 'failed' as const, code: 'unreadable_task', message: 'This file could not be processed (its stored task is unreadable); upload it again.' };
      if (kind === 'file') this.applyFileEvent(jobId, id, { type: 'outcome', at: now, outcome });
      else this.applyStepEvent(jobId, id, { type: 'outcome', at: now, outcome: { status: 'failed', code: outcome.code, message: 'This step could not be run (its stored task is unreadable).' } });
      return null;
    }
  }

  private setProgress(jobId: string, progress: Record<string, number | string>): void {
    const job = this.ledger.job(jobId)!;
    this.ledger.updateJob(jobId, { status: job.status, stage: job.stage, counts: JSON.parse(job.counts) as JobCounts, started: true, finishedAt: job.finished_at, progress: JSON.stringify(progress) });
  }

  /** Persisted first, then sent: a failed send is re-sent by the reconciler. */
  private async after(jobId: string, tasks: TaskMessage[]): Promise<void> {
    this.broadcast(jobId);
    if (tasks.length > 0) {
      try {
        await createTaskQueue(this.env.TASKS).send(tasks);
      } catch (error) {
        console.warn('enqueue failed; the reconciler will retry', error);
      }
    }
    if (this.ledger.hasOpenWork() && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + readConfig(this.env).reconcileIntervalMs);
    }
  }

  private broadcast(jobId: string): void {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    const row = this.ledger.job(jobId);
    if (!row) return;
    const frame: ServerFrame = { type: 'job', job: this.banner(row) };
    for (const ws of sockets) this.send(ws, frame);
  }

  private send(ws: WebSocket, frame: ServerFrame): void {
    try { ws.send(JSON.stringify(frame)); } catch { /* a closing socket */ }
  }

  private banner(row: JobRow): BannerJob {
    const view = this.view(row, false);
    const files = this.ledger.problemFiles(row.id, 20).map((f) => ({ name: f.name, code: f.code ?? undefined, message: f.message ?? undefined }));
    const steps = (view.problems ?? []).map((p) => ({ name: p.stepId, code: p.code, message: p.message }));
    return {
      id: view.id, kind: view.kind, status: view.status, stage: view.stage, counts: { ...view.counts },
      problems: [...files, ...steps].slice(0, 20), progress: view.progress, createdAt: view.createdAt, finishedAt: view.finishedAt,
    };
  }

  private filesPage(jobId: string, options: JobFilesQuery & { cursor?: string }): JobFilesPage {
    const limit = Math.max(1, Math.min(options.limit ?? JOB_FILES_IN_ANSWER, MAX_FILES_PAGE));
    const after = options.cursor ? Number.parseInt(options.cursor, 36) : 0;
    const rows = this.ledger.filesPage(jobId, Number.isFinite(after) ? after : 0, limit + 1, options.statuses);
    const items = rows.slice(0, limit).map((r) => {
      const { fileId, name, status, code, message, sessionIds, duplicateOf } = toJobFile(r);
      return { fileId, name, status, code, message, sessionIds, duplicateOf };
    });
    return { items, nextCursor: rows.length > limit ? rows[limit - 1]!.r.toString(36) : null };
  }

  private view(row: JobRow, withFiles = true, options: JobFilesQuery = {}): JobView {
    // Bounded: a 3,000-member archive's job would otherwise answer every row on every read.
    const page = withFiles ? this.filesPage(row.id, options) : { items: [], nextCursor: null };
    const files = page.items;
    const problems = this.ledger.failedSteps(row.id, 100)
      .map((s) => ({ stepId: s.step_id, kind: s.kind, code: s.code ?? undefined, message: s.message ?? undefined }));
    return {
      id: row.id, kind: row.kind, status: row.status, stage: row.stage, counts: JSON.parse(row.counts) as JobCounts, files, filesNextCursor: page.nextCursor,
      progress: row.progress ? (JSON.parse(row.progress) as Record<string, number | string>) : undefined,
      problems: problems.length > 0 ? problems : undefined, createdAt: row.created_at, finishedAt: row.finished_at ?? undefined,
    };
  }
}

function decodeJobCursor(cursor: string | undefined): [number, string] | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(atob(cursor)) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch { /* unreadable: start from the top */ }
  return null;
}

function stepTask(spec: StepSpec, job: JobRow, runnerId: string): TaskMessage {
  const base = { runnerId, jobId: job.id, stepId: spec.stepId };
  switch (spec.kind) {
    case 'analyse-session': return { type: 'analyse-session', ...base, sessionId: spec.sessionId! };
    case 'refresh-bests': return { type: 'refresh-bests', ...base };
    case 'update-history': return { type: 'update-history', ...base };
  }
}
