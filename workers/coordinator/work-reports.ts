/**
 * What the queue consumer reports back: a file or step started (may it proceed?) and its
 * outcome. Each report persists the move, advances the chain, refills the dispatch window and
 * then sends.
 */
import type { FileOutcome } from '../../src/core/chain/job-state';
import { isStepTerminal, type StepOutcome } from '../../src/core/chain/steps';
import { parseTaskMessage, type TaskMessage } from '../../src/contracts/queue-messages';
import type { FileRef } from '../../src/ports';
import { toJobStep } from '../coordinator-ledger';
import { readConfig } from '../config';
import { broadcastJob } from './banner-sockets';
import { broadcastAndSend, dispatchWindow, releaseWaiting } from './dispatch-window';
import { advance, applyFileEvent, applyStepEvent, recordAnalysed, setProgress } from './job-state';
import type { CoordinatorScope } from './scope';

export async function markFileStarted(scope: CoordinatorScope, jobId: string, fileId: string): Promise<{ proceed: boolean }> {
  const now = Date.now();
  if (applyFileEvent(scope, jobId, fileId, { type: 'started', at: now, leaseUntil: now + readConfig(scope.env).reconcileLeaseMs })) {
    await broadcastAndSend(scope, jobId, []);
    return { proceed: true };
  }
  return { proceed: false };
}

export async function reportFileOutcome(scope: CoordinatorScope, jobId: string, fileId: string, outcome: FileOutcome): Promise<void> {
  if (applyFileEvent(scope, jobId, fileId, { type: 'outcome', at: Date.now(), outcome })) {
    await broadcastAndSend(scope, jobId, [...advance(scope, jobId), ...dispatchWindow(scope, Date.now())]);
  }
}

/** A group of files (one queue batch's imports) started at once: the ones to process. */
export async function markFilesStarted(scope: CoordinatorScope, files: FileRef[]): Promise<string[]> {
  const now = Date.now();
  const leaseUntil = now + readConfig(scope.env).reconcileLeaseMs;
  const proceed = files.filter((f) => applyFileEvent(scope, f.jobId, f.fileId, { type: 'started', at: now, leaseUntil }));
  for (const jobId of new Set(proceed.map((f) => f.jobId))) await broadcastAndSend(scope, jobId, []);
  return proceed.map((f) => f.fileId);
}

/**
 * A group's outcomes in one call. Sessions the importer already analysed get their analyse
 * step recorded as succeeded here, so the chain does not send them again.
 */
export async function reportFileOutcomes(scope: CoordinatorScope, reports: Array<FileRef & { outcome: FileOutcome }>): Promise<void> {
  const now = Date.now();
  const touched = new Set<string>();
  for (const { jobId, fileId, outcome } of reports) {
    if (!applyFileEvent(scope, jobId, fileId, { type: 'outcome', at: now, outcome })) continue;
    touched.add(jobId);
    if (outcome.status === 'imported') for (const sessionId of outcome.analysedSessionIds ?? []) recordAnalysed(scope, jobId, sessionId, now);
  }
  const tasks: TaskMessage[] = [];
  for (const jobId of touched) tasks.push(...advance(scope, jobId));
  tasks.push(...dispatchWindow(scope, now));
  const jobs = [...touched];
  for (const jobId of jobs.slice(1)) broadcastJob(scope, jobId);
  if (jobs.length > 0) await broadcastAndSend(scope, jobs[0]!, tasks);
}

export function markStepStarted(scope: CoordinatorScope, jobId: string, stepId: string): { proceed: boolean } {
  const now = Date.now();
  const proceed = applyStepEvent(scope, jobId, stepId, { type: 'started', at: now, leaseUntil: now + readConfig(scope.env).reconcileLeaseMs });
  return { proceed };
}

export async function reportStepOutcome(scope: CoordinatorScope, jobId: string, stepId: string, outcome: StepOutcome): Promise<void> {
  const { ledger } = scope;
  const now = Date.now();
  const row = ledger.step(jobId, stepId);
  const tasks: TaskMessage[] = [];
  if (row && outcome.next && !isStepTerminal(toJobStep(row).status)) {
    // Register the continuation before closing this step, so a crash between the two cannot lose it.
    // A per-session continuation (a plan's next chunk) waits for the window like any fan-out.
    const next = parseTaskMessage(outcome.next.task);
    const exclusive = row.exclusive === 1;
    if (ledger.insertStep(jobId, { stepId: outcome.next.stepId, kind: outcome.next.kind, status: 'queued', exclusive, task: next, dispatched: exclusive }, now) && exclusive) tasks.push(next);
  }
  if (!applyStepEvent(scope, jobId, stepId, { type: 'outcome', at: now, outcome })) return;
  if (outcome.progress) setProgress(scope, jobId, outcome.progress);
  if (row?.exclusive === 1) tasks.push(...releaseWaiting(scope, now));
  tasks.push(...advance(scope, jobId), ...dispatchWindow(scope, now));
  await broadcastAndSend(scope, jobId, tasks);
}
