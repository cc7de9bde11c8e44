/**
 * The front half of the upload flow: stream each file to R2 under the runner's prefix with a
 * server-side id, record it, register the job (and its files' tasks) with the runner's
 * coordinator, then enqueue. The coordinator's ledger is written before anything is sent, so
 * a failed send is recovered by its reconciler; the answer never waits for the import.
 */
import type { ImportFileMessage } from '../contracts/queue-messages';
import type { FileOutcome } from '../core/chain/job-state';
import { DomainError } from '../core/errors';
import { uploadKey } from '../core/keys';
import { sniffUpload } from '../core/sniff';
import type { Clock, Coordinator, IdSource, JobView, NewJobFile, StreamingBlobStore, TaskQueue, UploadRepo, UploadRow } from '../ports';

export interface IncomingFile {
  name: string;
  contentType?: string;
  chunks: AsyncIterable<Uint8Array>;
}

export interface AcceptUploadDeps {
  ids: IdSource;
  clock: Clock;
  blobs: StreamingBlobStore;
  uploads: UploadRepo;
  queue: TaskQueue;
  coordinator: Coordinator;
  maxUploadBytes: number;
}

export interface AcceptedUpload {
  job: JobView;
  uploads: UploadRow[];
}

export async function acceptUpload(runnerId: string, files: AsyncIterable<IncomingFile>, deps: AcceptUploadDeps): Promise<AcceptedUpload> {
  const jobId = deps.ids.newId('job');
  const rows: UploadRow[] = [];
  const jobFiles: NewJobFile[] = [];
  let total = 0;
  try {
    for await (const file of files) {
      const id = deps.ids.newId('up');
      const key = uploadKey(runnerId, id);
      const stored = await deps.blobs.putStream(key, file.chunks, { maxBytes: deps.maxUploadBytes - total, contentType: 'application/octet-stream' });
      total += stored.size;
      const row: UploadRow = { id, runnerId, jobId, name: file.name, contentType: file.contentType, size: stored.size, sha256: stored.sha256, r2Key: key, createdAt: deps.clock.now() };
      rows.push(row);
      const outcome = outcomeAtUpload(stored.size, stored.head);
      const task: ImportFileMessage = { type: 'import-file', runnerId, jobId, fileId: id, uploadId: id, key, name: file.name, size: stored.size, sha256: stored.sha256 };
      jobFiles.push(outcome ? { fileId: id, name: file.name, outcome } : { fileId: id, name: file.name, task });
    }
  } catch (error) {
    // Nothing was recorded yet: remove what was stored so a refused request leaves no trace.
    await deps.blobs.delete(rows.map((r) => r.r2Key)).catch(() => undefined);
    throw error;
  }
  if (rows.length === 0) throw new DomainError('no_files', 'The upload holds no file: send one or more "file" parts, or a raw body with ?filename=.');
  if (total === 0) throw new DomainError('empty_upload', 'Every uploaded file is empty.');

  // Both records must exist before any message is sent; they do not depend on each other.
  const [, job] = await Promise.all([
    deps.uploads.insertMany(rows),
    deps.coordinator.createJob({ jobId, kind: 'upload', files: jobFiles }),
  ]);
  const tasks = jobFiles.flatMap((f) => (f.task ? [f.task] : []));
  try {
    await deps.queue.send(tasks);
  } catch (error) {
    // The ledger already lists these files as queued: the coordinator's reconciler re-sends them.
    console.warn('enqueue failed; the reconciler will retry', error);
  }
  return { job, uploads: rows };
}

/** Files that can be decided at upload time (nothing to queue). */
function outcomeAtUpload(size: number, head: Uint8Array): FileOutcome | undefined {
  if (size === 0) return { status: 'rejected', code: 'empty_file', message: 'The file is empty.' };
  const kind = sniffUpload(head);
  if (kind === 'zip' || kind === 'gzip') {
    return { status: 'rejected', code: 'unsupported_archive', message: 'Archives (ZIP, gzip) are not imported yet; upload the FIT files themselves.' };
  }
  return undefined;
}
