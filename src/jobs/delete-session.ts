/**
 * Delete a session: its rows go in one batch, every object under its prefix from R2 (Parquet,
 * laps, any per-session JSON), its file's object when it was the file's last session (an
 * archive member's extracted copy, or the uploaded file), and — when no session from its upload
 * remains and the upload's job is finished — the upload itself (rows, object, nested archives).
 * Each delete releases its storage charge (metered store). A recompute job then refreshes bests
 * and critical speed, then history — from what remains, never by patching.
 */
import type { BlobStore, Coordinator, IdSource, JobView, SessionRepo, UploadRepo } from '../ports';
import { sessionPrefix } from '../core/keys';
import { deletePrefix } from './delete-objects';
import { startRecompute } from './start-recompute';

export interface DeleteSessionDeps {
  sessions: SessionRepo;
  uploads: UploadRepo;
  blobs: BlobStore;
  ids: IdSource;
  coordinator: Coordinator;
}

export async function deleteSession(runnerId: string, sessionId: string, deps: DeleteSessionDeps): Promise<JobView | null> {
  const deleted = await deps.sessions.delete(runnerId, sessionId);
  if (!deleted) return null;
  await deps.blobs.delete(deleted.keys);
  await deletePrefix(deps.blobs, sessionPrefix(runnerId, sessionId));
  if (deleted.freedUploadId) {
    // members of a running upload may still be read from it: it goes once its job is done
    const upload = await deps.uploads.removeIfUnused(runnerId, deleted.freedUploadId, async (jobId) => {
      const job = await deps.coordinator.getJob(jobId);
      return !job || job.finishedAt !== undefined;
    });
    if (upload) await deps.blobs.delete(upload.keys);
  }
  return startRecompute(runnerId, deps);
}
