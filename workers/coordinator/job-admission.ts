/**
 * New work entering the coordinator: a job with its files and first steps, files found later
 * (an archive's members), and the fair-use limit on unfinished jobs of one kind. The coordinator
 * sends every file and per-session step itself, through the dispatch window: callers register
 * work here and never enqueue it.
 */
import { emptyCounts } from '../../src/core/chain/job-counts';
import type { TaskMessage } from '../../src/contracts/queue-messages';
import type { JobView, NewJob, NewJobFile } from '../../src/ports';
import { broadcastAndSend, broadcastAndSendAfterAnswer, dispatchWindow } from './dispatch-window';
import { viewJob } from './job-answers';
import { advance, countFile, insertFile, readCounts } from './job-state';
import type { CoordinatorScope } from './scope';

/**
 * createJob unless `maxOpen` jobs of the same kind are unfinished (fair use: whole-history
 * re-analyses, plan optimisations). The count and the insert run before the first await, so
 * two requests at once cannot both pass.
 */
export async function createJobWithin(scope: CoordinatorScope, input: NewJob, maxOpen: number): Promise<{ job: JobView } | { busy: number }> {
  const open = scope.ledger.openJobsOfKind(input.kind);
  if (!scope.ledger.job(input.jobId) && open >= maxOpen) return { busy: open };
  return { job: await createJob(scope, input) };
}

export async function createJob(scope: CoordinatorScope, input: NewJob): Promise<JobView> {
  const { ledger } = scope;
  if (!ledger.job(input.jobId)) {
    ledger.setRunnerId(input.runnerId);
    const now = Date.now();
    let counts = emptyCounts();
    for (const file of input.files) counts = countFile(counts, file);
    ledger.insertJob({ id: input.jobId, kind: input.kind, status: 'queued', stage: input.stage ?? 'import', counts, createdAt: now });
    // Fair use: every fan-out joins the runner's dispatch window — an upload's files (1,000 parts
    // in one request), a re-analysis's sessions, a plan's chunks. Only a runner-wide (exclusive)
    // step goes at once, and those run one at a time anyway.
    for (const file of input.files) insertFile(scope, input.jobId, file, now, false);
    const tasks: TaskMessage[] = [];
    for (const step of input.steps ?? []) {
      const exclusive = !!step.exclusive;
      const status = exclusive && ledger.exclusiveBusy() ? 'waiting' : 'queued';
      // A held step (undo window) stays unsent in the ledger until notBefore; the alarm sends it.
      const notBefore = step.holdMs && step.holdMs > 0 && !exclusive ? now + step.holdMs : undefined;
      ledger.insertStep(input.jobId, { stepId: step.stepId, kind: step.kind, status, exclusive, task: step.task, dispatched: exclusive, notBefore }, now);
      if (status === 'queued' && exclusive) tasks.push(step.task);
    }
    tasks.push(...advance(scope, input.jobId), ...dispatchWindow(scope, now));
    await broadcastAndSendAfterAnswer(scope, input.jobId, tasks);
  }
  return viewJob(ledger, ledger.job(input.jobId)!);
}

export async function addFiles(scope: CoordinatorScope, jobId: string, files: NewJobFile[]): Promise<void> {
  const { ledger } = scope;
  const job = ledger.job(jobId);
  if (!job) return;
  let counts = readCounts(job);
  const now = Date.now();
  // Fanned-out files are registered unsent; the coordinator sends them a window at a time.
  for (const file of files) if (insertFile(scope, jobId, file, now, false)) counts = countFile(counts, file);
  ledger.updateJob(jobId, { status: job.status === 'queued' ? 'running' : job.status, stage: job.stage, counts, started: true, finishedAt: job.finished_at });
  await broadcastAndSend(scope, jobId, [...advance(scope, jobId), ...dispatchWindow(scope, now)]);
}
