/**
 * Delete a session: its rows go in one batch, its objects from R2, and a recompute job
 * refreshes bests and critical speed, then history — from what remains, never by patching.
 */
import type { TaskMessage } from '../contracts/queue-messages';
import type { BlobStore, Coordinator, IdSource, JobView, SessionRepo } from '../ports';
import { lapsKey } from '../core/keys';

export interface DeleteSessionDeps {
  sessions: SessionRepo;
  blobs: BlobStore;
  ids: IdSource;
  coordinator: Coordinator;
}

export async function deleteSession(runnerId: string, sessionId: string, deps: DeleteSessionDeps): Promise<JobView | null> {
  const deleted = await deps.sessions.delete(runnerId, sessionId);
  if (!deleted) return null;
  await deps.blobs.delete([...deleted.keys, lapsKey(runnerId, sessionId)]);
  const jobId = deps.ids.newId('job');
  const task: TaskMessage = { type: 'refresh-bests', runnerId, jobId, stepId: 'bests' };
  return deps.coordinator.createJob({ jobId, runnerId, kind: 'recompute', files: [], stage: 'bests', steps: [{ stepId: 'bests', kind: 'refresh-bests', exclusive: true, task }] });
}
