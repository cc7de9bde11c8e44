/**
 * Undo: a job whose held step (a session delete in its undo window) has not been sent yet ends
 * `cancelled` and its step never runs. Once the step was sent the work may already be under
 * way, so the answer is "too late" — the ledger, not a timer, decides which.
 */
import type { JobView } from '../../src/ports';
import { broadcastJob } from './banner-sockets';
import { viewJob } from './job-answers';
import { applyStepEvent, readCounts } from './job-state';
import type { CoordinatorScope } from './scope';

export const CANCELLABLE_KINDS = new Set(['delete']);

export function cancelJob(scope: CoordinatorScope, jobId: string): { job: JobView } | { refused: 'too_late' | 'not_cancellable' } | null {
  const { ledger } = scope;
  const job = ledger.job(jobId);
  if (!job) return null;
  if (job.status === 'cancelled') return { job: viewJob(ledger, job) };
  if (!CANCELLABLE_KINDS.has(job.kind)) return { refused: 'not_cancellable' };
  const held = ledger.heldSteps(jobId);
  if (held.length === 0) return { refused: 'too_late' };
  const now = Date.now();
  // Synchronous up to here: the alarm cannot send the step between this check and the outcome.
  for (const step of held) {
    applyStepEvent(scope, jobId, step.step_id, { type: 'outcome', at: now, outcome: { status: 'failed', code: 'cancelled', message: 'Delete undone.' } });
  }
  const after = ledger.job(jobId)!;
  ledger.updateJob(jobId, { status: 'cancelled', stage: 'done', counts: readCounts(after), started: after.started === 1, finishedAt: after.finished_at ?? now });
  broadcastJob(scope, jobId);
  return { job: viewJob(ledger, ledger.job(jobId)!) };
}
