/**
 * A recompute job: personal bests and critical speed, then history, from what is stored now
 * (after a deletion, or a session left out of or put back into records). The job runs the
 * tail of the upload chain (bests → history) through the runner's coordinator.
 */
import type { TaskMessage } from '../contracts/queue-messages';
import type { Coordinator, IdSource, JobView } from '../ports';

export interface RecomputeDeps {
  ids: IdSource;
  coordinator: Coordinator;
}

export async function startRecompute(runnerId: string, deps: RecomputeDeps): Promise<JobView> {
  const jobId = deps.ids.newId('job');
  const task: TaskMessage = { type: 'refresh-bests', runnerId, jobId, stepId: 'bests' };
  return deps.coordinator.createJob({ jobId, runnerId, kind: 'recompute', files: [], stage: 'bests', steps: [{ stepId: 'bests', kind: 'refresh-bests', exclusive: true, task }] });
}
