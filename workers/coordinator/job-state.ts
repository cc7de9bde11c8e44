/**
 * The coordinator's job state: files and steps move by the rules in src/core/chain, the job's
 * counts and status follow, and the chain (import → analyse → bests → history) advances.
 * Synchronous on purpose: every change is persisted before the caller's first await.
 */
import { addFileToCounts, deriveJobStatus, moveInCounts, type JobCounts } from '../../src/core/chain/job-counts';
import { transitionFile, type FileEvent } from '../../src/core/chain/job-state';
import { isStepTerminal, transitionStep, type StepEvent } from '../../src/core/chain/steps';
import { nextChainMove, type StepSpec } from '../../src/core/chain/upload-chain';
import type { TaskMessage } from '../../src/contracts/queue-messages';
import type { NewJobFile } from '../../src/ports';
import { toJobFile, toJobStep, type JobRow } from '../coordinator-ledger';
import type { CoordinatorScope } from './scope';

const CHAIN_KINDS = new Set(['upload', 'recompute', 'reanalyse']);

export function readCounts(job: JobRow): JobCounts {
  return JSON.parse(job.counts) as JobCounts;
}

/** the status a new file counts under */
export function countFile(counts: JobCounts, file: NewJobFile): JobCounts {
  return addFileToCounts(counts, file.outcome?.status ?? file.status ?? 'queued');
}

/** unsent (`dispatched` false) until the dispatch window has room for it */
export function insertFile(scope: CoordinatorScope, jobId: string, file: NewJobFile, now: number, dispatched: boolean): boolean {
  const status = file.outcome?.status ?? file.status ?? 'queued';
  const o = file.outcome;
  return scope.ledger.insertFile(jobId, { fileId: file.fileId, name: file.name, status, code: o?.code, message: o?.message, sessionIds: o?.sessionIds, duplicateOf: o?.duplicateOf, task: file.task, dispatched }, now);
}

export function applyFileEvent(scope: CoordinatorScope, jobId: string, fileId: string, event: FileEvent): boolean {
  return applyFileEvents(scope, jobId, [{ fileId, event }])[0]!;
}

/**
 * Several events of one job's files (a queue batch's group starting, or its wave reporting):
 * each file moves exactly as alone and in this order, and the job's row (counts, status) is
 * written once for all of them instead of twice per file. Answers, per event, whether its file moved.
 */
export function applyFileEvents(scope: CoordinatorScope, jobId: string, events: Array<{ fileId: string; event: FileEvent }>): boolean[] {
  const { ledger } = scope;
  const moved = events.map(() => false);
  const job = ledger.job(jobId);
  if (!job) return moved;
  let counts = readCounts(job);
  for (const [i, { fileId, event }] of events.entries()) {
    const row = ledger.file(jobId, fileId);
    if (!row) continue;
    const before = toJobFile(row);
    const result = transitionFile(before, event);
    if (!result.changed) continue;
    ledger.saveFile(jobId, result.file);
    counts = moveInCounts(counts, before.status, result.file.status);
    moved[i] = true;
  }
  if (!moved.includes(true)) return moved;
  ledger.updateJob(jobId, { status: job.status, stage: job.stage, counts, started: true, finishedAt: job.finished_at });
  refreshStatus(scope, jobId);
  return moved;
}

export function applyStepEvent(scope: CoordinatorScope, jobId: string, stepId: string, event: StepEvent): boolean {
  const { ledger } = scope;
  const job = ledger.job(jobId);
  const row = ledger.step(jobId, stepId);
  if (!job || !row) return false;
  const next = transitionStep(toJobStep(row), event);
  if (!next) return false;
  ledger.saveStep(jobId, next);
  let counts = readCounts(job);
  if (event.type === 'outcome' && row.kind === 'analyse-session') {
    counts = next.status === 'succeeded' ? { ...counts, analysed: counts.analysed + 1 } : { ...counts, analysisFailed: counts.analysisFailed + 1 };
  }
  ledger.updateJob(jobId, { status: job.status, stage: job.stage, counts, started: true, finishedAt: job.finished_at });
  refreshStatus(scope, jobId);
  return true;
}

/** Sessions the importer already analysed: their analyse steps are recorded as succeeded (the job's row written once). */
export function recordAnalysed(scope: CoordinatorScope, jobId: string, sessionIds: string[], now: number): void {
  const { ledger } = scope;
  if (sessionIds.length === 0) return;
  const job = ledger.job(jobId)!;
  const runnerId = ledger.runnerId() ?? '';
  let added = 0;
  for (const sessionId of sessionIds) {
    const spec: StepSpec = { stepId: `analyse:${sessionId}`, kind: 'analyse-session', exclusive: false, sessionId };
    if (ledger.insertStep(jobId, { stepId: spec.stepId, kind: spec.kind, status: 'succeeded', exclusive: false, task: stepTask(spec, job, runnerId) }, now)) added++;
  }
  if (added === 0) return;
  const counts = readCounts(job);
  ledger.updateJob(jobId, { status: job.status, stage: job.stage, counts: { ...counts, analysed: counts.analysed + added }, started: true, finishedAt: job.finished_at });
}

/** Applies chain moves until the job rests; returns the tasks of the steps it started. */
export function advance(scope: CoordinatorScope, jobId: string): TaskMessage[] {
  const { ledger } = scope;
  const tasks: TaskMessage[] = [];
  for (let guard = 0; guard < 10; guard++) {
    const job = ledger.job(jobId)!;
    // Aggregates, not rows: a job may hold thousands of files or steps, and this runs on every report.
    const steps = ledger.stepGroups(jobId);
    let move: { stage: string; spawn: StepSpec[] } | null;
    if (CHAIN_KINDS.has(job.kind)) {
      move = nextChainMove({ stage: job.stage, counts: readCounts(job), newSessionIds: () => ledger.newSessionIds(jobId), steps });
    } else {
      move = job.stage !== 'done' && steps.length > 0 && steps.every((s) => isStepTerminal(s.status)) ? { stage: 'done', spawn: [] } : null;
    }
    if (!move) break;
    const now = Date.now();
    for (const spec of move.spawn) {
      const task = stepTask(spec, job, ledger.runnerId() ?? '');
      const status = spec.exclusive && ledger.exclusiveBusy() ? 'waiting' : 'queued';
      // Per-session steps join the runner's dispatch window; runner-wide steps go at once.
      const dispatched = spec.exclusive;
      if (ledger.insertStep(jobId, { stepId: spec.stepId, kind: spec.kind, status, exclusive: spec.exclusive, task, dispatched }, now) && status === 'queued' && dispatched) tasks.push(task);
    }
    ledger.updateJob(jobId, { status: job.status, stage: move.stage, counts: readCounts(job), started: job.started === 1, finishedAt: job.finished_at });
    refreshStatus(scope, jobId);
  }
  return tasks;
}

export function refreshStatus(scope: CoordinatorScope, jobId: string): void {
  const { ledger } = scope;
  const job = ledger.job(jobId)!;
  if (job.status === 'cancelled') return; // undone: final
  const counts = readCounts(job);
  const finished = job.stage === 'done';
  const failedSteps = ledger.failedJobSteps(jobId);
  const status = CHAIN_KINDS.has(job.kind)
    ? deriveJobStatus(counts, job.started === 1, finished, failedSteps)
    : finished ? (failedSteps > 0 ? 'failed' : 'completed') : job.started === 1 ? 'running' : 'queued';
  ledger.updateJob(jobId, { status, stage: job.stage, counts, started: job.started === 1, finishedAt: finished ? (job.finished_at ?? Date.now()) : null });
}

export function setProgress(scope: CoordinatorScope, jobId: string, progress: Record<string, number | string>): void {
  const job = scope.ledger.job(jobId)!;
  scope.ledger.updateJob(jobId, { status: job.status, stage: job.stage, counts: readCounts(job), started: true, finishedAt: job.finished_at, progress: JSON.stringify(progress) });
}

function stepTask(spec: StepSpec, job: JobRow, runnerId: string): TaskMessage {
  const base = { runnerId, jobId: job.id, stepId: spec.stepId };
  switch (spec.kind) {
    case 'analyse-session': return { type: 'analyse-session', ...base, sessionId: spec.sessionId! };
    case 'refresh-bests': return { type: 'refresh-bests', ...base };
    case 'update-history': return { type: 'update-history', ...base };
  }
}
