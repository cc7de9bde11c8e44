/**
 * Delete a session: its rows go in one batch, its objects from R2, and a recompute job
 * refreshes bests and critical speed, then history — from what remains, never by patching.
 */
import type { BlobStore, Coordinator, IdSource, JobView, SessionRepo } from '../ports';
import { sessionObjectKeys } from '../core/keys';
import { startRecompute } from './start-recompute';

export interface DeleteSessionDeps {
  sessions: SessionRepo;
  blobs: BlobStore;
  ids: IdSource;
  coordinator: Coordinator;
}

export async function deleteSession(runnerId: string, sessionId: string, deps: DeleteSessionDeps): Promise<JobView | null> {
  const deleted = await deps.sessions.delete(runnerId, sessionId);
  if (!deleted) return null;
  // the row's keys plus every per-session object (records, laps, statistics detail)
  await deps.blobs.delete([...new Set([...deleted.keys, ...sessionObjectKeys(runnerId, sessionId)])]);
  return startRecompute(runnerId, deps);
}
