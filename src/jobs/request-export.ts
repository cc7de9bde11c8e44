/**
 * Export my data, the request part: an 'export' job with one build-export step (the coordinator
 * sends it through the runner's dispatch window). One export is built at a time per runner.
 */
import type { BuildExportMessage } from '../contracts/queue-messages';
import { DomainError } from '../core/errors';
import type { Coordinator, IdSource, JobView } from '../ports';

export const MAX_OPEN_EXPORTS = 1;

export async function requestExport(runnerId: string, deps: { ids: IdSource; coordinator: Coordinator }): Promise<JobView> {
  const jobId = deps.ids.newId('job');
  const task: BuildExportMessage = { type: 'build-export', runnerId, jobId, stepId: 'export' };
  const created = await deps.coordinator.createJobWithin({ jobId, runnerId, kind: 'export', files: [], stage: 'export', steps: [{ stepId: 'export', kind: 'build-export', task }] }, MAX_OPEN_EXPORTS);
  if ('busy' in created) throw new DomainError('job_limit_reached', 'An export of your data is already being built; its job shows when it is ready.', { details: { open: created.busy, limit: MAX_OPEN_EXPORTS } });
  return created.job;
}

/** What GET /exports/{id} says: from the export's job and whether its ZIP is in storage. */
export function exportStatus(job: JobView, size: number | null): 'building' | 'ready' | 'failed' {
  if (job.finishedAt === undefined) return 'building';
  return job.status === 'completed' && size !== null ? 'ready' : 'failed';
}
