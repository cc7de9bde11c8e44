/**
 * A session delete the runner can undo for a short while (issue 16 item 6): the route checks the
 * session exists and registers a `delete` job whose one step the coordinator holds unsent for
 * `undoMs`; the runner can cancel it until then (POST /jobs/{id}/cancel). With no window
 * (undoMs 0) the session goes at once and the answer is the recompute job, as before.
 */
import type { DeleteSessionMessage } from '../contracts/queue-messages';
import type { JobView } from '../ports';
import { deleteSession, type DeleteSessionDeps } from './delete-session';

export async function requestSessionDelete(runnerId: string, sessionId: string, deps: DeleteSessionDeps & { undoMs: number }): Promise<JobView | null> {
  if (deps.undoMs <= 0) return deleteSession(runnerId, sessionId, deps);
  if (!(await deps.sessions.get(runnerId, sessionId))) return null;
  const jobId = deps.ids.newId('job');
  const task: DeleteSessionMessage = { type: 'delete-session', runnerId, jobId, stepId: 'delete', sessionId };
  return deps.coordinator.createJob({ jobId, runnerId, kind: 'delete', files: [], stage: 'delete', steps: [{ stepId: 'delete', kind: 'delete-session', task, holdMs: deps.undoMs }] });
}

/** The held step, once its window passed: the delete itself (then a recompute job), idempotent. */
export async function runHeldDelete(task: DeleteSessionMessage, deps: DeleteSessionDeps): Promise<{ status: 'succeeded'; result: Record<string, unknown> }> {
  const recompute = await deleteSession(task.runnerId, task.sessionId, deps);
  return { status: 'succeeded', result: recompute ? { recomputeJobId: recompute.id } : { alreadyGone: true } };
}
