/**
 * Re-analysis: re-run the statistics of chosen sessions (one, every session, or those analysed
 * by an older algorithm version) as a background job, then refresh bests, critical speed and
 * history once — the same chain an upload runs from its analysis stage on.
 */
import type { TaskMessage } from '../contracts/queue-messages';
import { ALGORITHM_VERSION } from '../core/metrics';
import { DomainError } from '../core/errors';
import type { AnalysisStore, Coordinator, IdSource, JobView } from '../ports';

export interface ReanalyseDeps {
  analysis: AnalysisStore;
  ids: IdSource;
  coordinator: Coordinator;
}

export async function reanalyseSessions(runnerId: string, sessionIds: string[], deps: Pick<ReanalyseDeps, 'ids' | 'coordinator'>): Promise<JobView> {
  const jobId = deps.ids.newId('job');
  const steps = sessionIds.map((sessionId) => {
    const stepId = `analyse:${sessionId}`;
    const task: TaskMessage = { type: 'analyse-session', runnerId, jobId, stepId, sessionId };
    return { stepId, kind: 'analyse-session', task };
  });
  if (steps.length === 0) {
    // Nothing to re-run: still refresh bests and history so the answer is a job like any other.
    const task: TaskMessage = { type: 'refresh-bests', runnerId, jobId, stepId: 'bests' };
    return deps.coordinator.createJob({ jobId, runnerId, kind: 'reanalyse', files: [], stage: 'bests', steps: [{ stepId: 'bests', kind: 'refresh-bests', exclusive: true, task }] });
  }
  return deps.coordinator.createJob({ jobId, runnerId, kind: 'reanalyse', files: [], stage: 'analyse', steps });
}

/** whole-history re-analyses one runner may have running at once (fair use of the shared queue) */
export const MAX_OPEN_REANALYSES = 1;

/** Every session whose statistics are missing or older than the running algorithm (or all). */
export async function reanalyseOutdated(runnerId: string, all: boolean, deps: ReanalyseDeps): Promise<JobView> {
  const ids = await deps.analysis.listSessionsToAnalyse(runnerId, ALGORITHM_VERSION, all);
  const limited: Coordinator = {
    ...deps.coordinator,
    createJob: async (input) => {
      const created = await deps.coordinator.createJobWithin(input, MAX_OPEN_REANALYSES);
      if ('busy' in created) throw new DomainError('job_limit_reached', 'A re-analysis of your sessions is already running; wait for it to finish (its job shows the progress).', { details: { open: created.busy, limit: MAX_OPEN_REANALYSES } });
      return created.job;
    },
  };
  return reanalyseSessions(runnerId, ids, { ids: deps.ids, coordinator: limited });
}
