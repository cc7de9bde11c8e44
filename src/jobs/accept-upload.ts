/**
 * The front half of the upload flow: stream each file to R2 under the runner's prefix with a
 * server-side id, record it, and register the job (and its files' tasks) with the runner's
 * coordinator, which enqueues them through the runner's dispatch window. The ledger is written
 * before anything is sent, so a failed send is recovered by its reconciler; the answer never
 * waits for the import.
 */
import type { ImportFileMessage } from '../contracts/queue-messages';
import { DomainError } from '../core/errors';
import { sanitiseFileName } from '../core/file-name';
import { uploadKey } from '../core/keys';
import { sniffUpload } from '../core/sniff';
import type { Clock, Coordinator, IdSource, JobView, NewJobFile, StreamingBlobStore, UploadRepo, UploadRow } from '../ports';

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
  coordinator: Coordinator;
  maxUploadBytes: number;
}

export interface AcceptedUpload {
  job: JobView;
  uploads: UploadRow[];
}

/** What the request says about itself before its body is read. */
export interface UploadRequestInfo {
  /** Content-Length: the most the request's files can hold together */
  declaredBytes?: number;
  /**
   * Set when the request went ahead on a recently confirmed token (src/http/auth.ts): settles when
   * the token is confirmed again, throws when it is not. Awaited before anything is recorded, so a
   * refused token leaves no row, no job and (its objects deleted, its reservation released) no byte.
   */
  confirmRunner?: () => Promise<void>;
}

export async function acceptUpload(runnerId: string, files: AsyncIterable<IncomingFile>, deps: AcceptUploadDeps, request: UploadRequestInfo = {}): Promise<AcceptedUpload> {
  const jobId = deps.ids.newId('job');
  const rows: UploadRow[] = [];
  const jobFiles: NewJobFile[] = [];
  let total = 0;
  // The first file's id is drawn before the body is read, so the declared length can be reserved
  // on its key while the bytes arrive (issue 14 item 6; StreamingBlobStore.reserveAhead): the put
  // then waits only for what is left of that round trip. One reservation covers all the files.
  let firstId: string | undefined = deps.ids.newId('up');
  const declared = request.declaredBytes ?? 0;
  const ahead = declared > 0 && declared <= deps.maxUploadBytes ? deps.blobs.reserveAhead(uploadKey(runnerId, firstId), declared) : undefined;
  try {
    for await (const file of files) {
      const id = firstId ?? deps.ids.newId('up');
      firstId = undefined;
      const key = uploadKey(runnerId, id);
      const stored = await deps.blobs.putStream(key, file.chunks, { maxBytes: deps.maxUploadBytes - total, contentType: 'application/octet-stream', settleLater: true, within: ahead });
      total += stored.size;
      // every single-request ingest (API, web form) passes here: the name is made safe once
      const row: UploadRow = { id, runnerId, jobId, name: sanitiseFileName(file.name), contentType: file.contentType, size: stored.size, sha256: stored.sha256, r2Key: key, createdAt: deps.clock.now() };
      rows.push(row);
      jobFiles.push(jobFileForUpload(row, stored.head));
    }
    if (rows.length === 0) throw new DomainError('no_files', 'The upload holds no file: send one or more "file" parts, or a raw body with ?filename=.');
    if (total === 0) throw new DomainError('empty_upload', 'Every uploaded file is empty.');
    await request.confirmRunner?.();
  } catch (error) {
    // Nothing was recorded yet: remove what was stored and release what was reserved (the
    // reservation made ahead too), so a refused request leaves no trace.
    const keys = rows.map((r) => r.r2Key);
    if (ahead && !keys.includes(ahead.key)) keys.push(ahead.key);
    await deps.blobs.delete(keys).catch(() => undefined);
    throw error;
  }

  // The coordinator registers the files and sends them itself, a dispatch window at a time (fair
  // use: 1,000 parts in one request do not go straight to the shared queue); a send that fails is
  // re-sent by its reconciler. The upload rows are written alongside: nothing a task runs reads them.
  // Each object's storage charge is settled in the rows' batch (issue 14 item 6: one D1 round trip
  // fewer before the answer); a crash before it leaves the reservation, which lapses in an hour.
  const [, job] = await Promise.all([
    deps.uploads.insertMany(rows, { settleCharges: true }),
    deps.coordinator.createJob({ jobId, runnerId, kind: 'upload', files: jobFiles }),
  ]);
  return { job, uploads: rows };
}

/**
 * The ledger file of a stored upload (also used when a resumable upload completes): an empty
 * file is decided at once; a ZIP (by magic bytes, never by name) is inspected and fanned out;
 * a gzip is unwrapped by the import (its SHA-256 is that of the wrapper, so it is left out);
 * anything else goes to the FIT importer, which says what is wrong with it.
 */
export function jobFileForUpload(row: UploadRow, head: Uint8Array): NewJobFile {
  const { id, runnerId, jobId, name, size, sha256, r2Key: key } = row;
  if (size === 0) return { fileId: id, name, outcome: { status: 'rejected', code: 'empty_file', message: 'The file is empty.' } };
  const kind = sniffUpload(head);
  if (kind === 'zip') {
    return { fileId: id, name, task: { type: 'inspect-archive', runnerId, jobId, fileId: id, uploadId: id, key, name, size, depth: 1, rootSize: size } };
  }
  const task: ImportFileMessage = kind === 'gzip'
    ? { type: 'import-file', runnerId, jobId, fileId: id, uploadId: id, key, name, size, source: { kind: 'gzip', key } }
    : { type: 'import-file', runnerId, jobId, fileId: id, uploadId: id, key, name, size, sha256 };
  return { fileId: id, name, task };
}
