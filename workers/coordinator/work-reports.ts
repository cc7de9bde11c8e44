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
import { advance, applyFileEvent, applyFileEvents, applyStepEvent, recordAnalysed, setProgress } from './job-state';
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
  const proceed = new Set<string>();
  const started: string[] = [];
  // every move persisted before the first await (job-state.ts), then the banners
  for (const [jobId, refs] of byJob(files)) {
    const moved = applyFileEvents(scope, jobId, refs.map((f) => ({ fileId: f.fileId, event: { type: 'started' as const, at: now, leaseUntil } })));
    refs.forEach((f, i) => { if (moved[i]) proceed.add(`${jobId}\n${f.fileId}`); });
    if (moved.includes(true)) started.push(jobId);
  }
  for (const jobId of started) await broadcastAndSend(scope, jobId, []);
  return files.filter((f) => proceed.has(`${f.jobId}\n${f.fileId}`)).map((f) => f.fileId);
}

/**
 * A group's outcomes in one call, each job's files moved together (applyFileEvents). Sessions the
 * importer already analysed get their analyse step recorded as succeeded here, so the chain does
 * not send them again.
 */
export async function reportFileOutcomes(scope: CoordinatorScope, reports: Array<FileRef & { outcome: FileOutcome }>): Promise<void> {
  const now = Date.now();
  const touched: string[] = [];
  for (const [jobId, mine] of byJob(reports)) {
    const moved = applyFileEvents(scope, jobId, mine.map(({ fileId, outcome }) => ({ fileId, event: { type: 'outcome' as const, at: now, outcome } })));
    if (!moved.includes(true)) continue;
    touched.push(jobId);
    const analysed = mine.flatMap((r, i) => (moved[i] && r.outcome.status === 'imported' ? r.outcome.analysedSessionIds ?? [] : []));
    recordAnalysed(scope, jobId, analysed, now);
  }
  const tasks: TaskMessage[] = [];
  for (const jobId of touched) tasks.push(...advance(scope, jobId));
  tasks.push(...dispatchWindow(scope, now));
  for (const jobId of touched.slice(1)) broadcastJob(scope, jobId);
  if (touched.length > 0) await broadcastAndSend(scope, touched[0]!, tasks);
}

/** items grouped by job, in the order each job first appears (items keep their order) */
function byJob<T extends { jobId: string }>(items: T[]): Map<string, T[]> {
  const jobs = new Map<string, T[]>();
  for (const item of items) {
    const list = jobs.get(item.jobId);
    if (list) list.push(item);
    else jobs.set(item.jobId, [item]);
  }
  return jobs;
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
