/**
 * The runner's coordinator: one Durable Object per runner (SQLite storage). It owns the
 * runner's jobs — their files, steps, counts and stage — chains the stages (import → analyse
 * → bests → history), runs runner-wide steps one at a time, pushes every change to the
 * runner's open banners over hibernatable WebSockets, and reconciles on an alarm: files or
 * steps stuck past their lease are re-enqueued (a killed `wrangler dev` loses its queue).
 * The rules live in src/core/chain; this class is a thin shell over ./coordinator/*:
 * job-admission (new jobs, files, limits), work-reports (what the consumer reports),
 * job-answers (views, file pages, banner summaries), banner-sockets, reconciler, and
 * dispatch-window / job-state underneath them.
 */
import { DurableObject } from 'cloudflare:workers';
import type { FileOutcome } from '../src/core/chain/job-state';
import type { StepOutcome } from '../src/core/chain/steps';
import type { FileRef, JobFilesPage, JobFilesQuery, JobView, NewJob, NewJobFile } from '../src/ports';
import { Ledger } from './coordinator-ledger';
import { acceptBannerSocket, answerClientFrame, closeSocket } from './coordinator/banner-sockets';
import { addFiles, createJob, createJobWithin } from './coordinator/job-admission';
import { listJobPage, pageJobFiles, viewJob } from './coordinator/job-answers';
import { reconcile } from './coordinator/reconciler';
import { closeForDeletedAccount } from './coordinator/account-close';
import { cancelJob } from './coordinator/job-cancel';
import type { CoordinatorScope } from './coordinator/scope';
import { markFileStarted, markFilesStarted, markStepStarted, reportFileOutcome, reportFileOutcomes, reportStepOutcome } from './coordinator/work-reports';

export { MAX_SOCKETS } from './coordinator/banner-sockets';

export class Coordinator extends DurableObject<Env> {
  protected readonly scope: CoordinatorScope;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.scope = { ledger: new Ledger(ctx.storage.sql), env, ctx };
  }

  // ── RPC: new work ──────────────────────────────────────────────────────────────────────
  async createJobWithin(input: NewJob, maxOpen: number): Promise<{ job: JobView } | { busy: number }> {
    return createJobWithin(this.scope, input, maxOpen);
  }

  async createJob(input: NewJob): Promise<JobView> {
    return createJob(this.scope, input);
  }

  async addFiles(jobId: string, files: NewJobFile[]): Promise<void> {
    return addFiles(this.scope, jobId, files);
  }

  // ── RPC: reports from the queue consumer ──────────────────────────────────────────────
  async markFileStarted(jobId: string, fileId: string): Promise<{ proceed: boolean }> {
    return markFileStarted(this.scope, jobId, fileId);
  }

  async reportFileOutcome(jobId: string, fileId: string, outcome: FileOutcome): Promise<void> {
    return reportFileOutcome(this.scope, jobId, fileId, outcome);
  }

  async markFilesStarted(files: FileRef[]): Promise<string[]> {
    return markFilesStarted(this.scope, files);
  }

  async reportFileOutcomes(reports: Array<FileRef & { outcome: FileOutcome }>): Promise<void> {
    return reportFileOutcomes(this.scope, reports);
  }

  async markStepStarted(jobId: string, stepId: string): Promise<{ proceed: boolean }> {
    return markStepStarted(this.scope, jobId, stepId);
  }

  async reportStepOutcome(jobId: string, stepId: string, outcome: StepOutcome): Promise<void> {
    return reportStepOutcome(this.scope, jobId, stepId, outcome);
  }

  // ── RPC: answers ───────────────────────────────────────────────────────────────────────
  async getJob(jobId: string, options: JobFilesQuery = {}): Promise<JobView | null> {
    const row = this.scope.ledger.job(jobId);
    return row ? viewJob(this.scope.ledger, row, true, options) : null;
  }

  /** The rest of a job's files, a page at a time (a job answer carries only the first ones). */
  async listJobFiles(jobId: string, options: JobFilesQuery & { cursor?: string }): Promise<JobFilesPage | null> {
    if (!this.scope.ledger.job(jobId)) return null;
    return pageJobFiles(this.scope.ledger, jobId, options);
  }

  async listJobs(options: { limit: number; cursor?: string }): Promise<{ items: JobView[]; nextCursor: string | null }> {
    return listJobPage(this.scope.ledger, options);
  }

  // ── RPC: undo ─────────────────────────────────────────────────────────────────────────
  async cancelJob(jobId: string): Promise<{ job: JobView } | { refused: 'too_late' | 'not_cancellable' } | null> {
    return cancelJob(this.scope, jobId);
  }

  // ── RPC: the account is being deleted ─────────────────────────────────────────────────
  async closeForDeletedAccount(): Promise<void> {
    return closeForDeletedAccount(this.scope);
  }

  // ── WebSocket banner (hibernatable) ───────────────────────────────────────────────────
  override async fetch(request: Request): Promise<Response> {
    return acceptBannerSocket(this.scope, request);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    answerClientFrame(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    closeSocket(ws, code);
  }

  // ── Reconciler ────────────────────────────────────────────────────────────────────────
  override async alarm(): Promise<void> {
    await reconcile(this.scope);
  }
}
