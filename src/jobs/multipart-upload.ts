/**
 * Resumable uploads (reliability.md §0.3: bodies above ~100 MB cannot arrive in one request).
 * The client declares the size, gets a part size, sends parts in any order (a part sent again
 * replaces the earlier copy), asks which parts are in after a dropped connection, then
 * completes: the object is hashed in one streamed pass and enters the same path as a
 * single-request upload (FIT → import, ZIP → inspect). Ids are derived from the upload id, so
 * a retried completion returns the same job.
 */
import { DomainError } from '../core/errors';
import { uploadKey } from '../core/keys';
import { quotaExceeded } from '../core/storage-quota';
import type { AssembledObject, Clock, Coordinator, IdSource, JobView, MultipartPart, MultipartRepo, MultipartStore, MultipartUploadRow, StorageLedger, UploadRepo, UploadRow } from '../ports';
import { jobFileForUpload } from './accept-upload';

const MiB = 1_048_576;
/** R2: at most 10,000 parts, each 5 MiB–5 GiB, all equal but the last. */
export const MAX_PARTS = 10_000;
export const MIN_PART_BYTES = 5 * MiB;

export interface MultipartDeps {
  ids: IdSource;
  clock: Clock;
  store: MultipartStore;
  repo: MultipartRepo;
  /** the part size offered (grown for huge files so they fit in 10,000 parts) */
  partBytes: number;
  /** a part is one request body */
  maxRequestBytes: number;
  /** bytes a runner may hold (every object, open resumable uploads reserved at their declared size) */
  quotaBytes: number;
  ledger: StorageLedger;
}

/** R2 aborts a multipart upload left incomplete for 7 days; its reservation lapses with it. */
const OPEN_UPLOAD_RESERVATION_MS = 7 * 86_400_000;

export interface MultipartStatus {
  upload: MultipartUploadRow;
  partCount: number;
  received: MultipartPart[];
  missing: number[];
}

export function partCountOf(row: Pick<MultipartUploadRow, 'size' | 'partSize'>): number {
  return Math.max(1, Math.ceil(row.size / row.partSize));
}

export function expectedPartSize(row: Pick<MultipartUploadRow, 'size' | 'partSize'>, partNumber: number): number {
  const count = partCountOf(row);
  return partNumber < count ? row.partSize : row.size - row.partSize * (count - 1);
}

export async function createResumableUpload(runnerId: string, input: { name: string; size: number }, deps: MultipartDeps): Promise<MultipartUploadRow> {
  const partSize = Math.max(deps.partBytes, Math.ceil(input.size / MAX_PARTS / MiB) * MiB);
  if (partSize > deps.maxRequestBytes) {
    throw new DomainError('upload_too_large', `A file of ${input.size} bytes needs parts larger than one request may carry (${deps.maxRequestBytes} bytes).`);
  }
  const id = deps.ids.newId('up');
  const key = uploadKey(runnerId, id);
  const now = deps.clock.now();
  // the declared size is reserved before any part is stored: parallel creations cannot overshoot
  await reserve(runnerId, key, input.size, deps, now + OPEN_UPLOAD_RESERVATION_MS);
  const r2UploadId = await deps.store.create(key, 'application/octet-stream');
  const row: MultipartUploadRow = { id, runnerId, name: input.name, r2Key: key, r2UploadId, size: input.size, partSize, status: 'open', createdAt: now, updatedAt: now };
  await deps.repo.create(row);
  return row;
}

/**
 * One atomic reservation in the storage ledger (refused past the quota), at creation for the
 * declared size and again at completion without expiry: a reservation that lapsed while the
 * parts took more than a week is taken again only if it still fits.
 */
async function reserve(runnerId: string, key: string, size: number, deps: MultipartDeps, expiresAt?: number): Promise<void> {
  const result = await deps.ledger.reserve(runnerId, [{ key, bytes: size }], { quotaBytes: deps.quotaBytes, now: deps.clock.now(), expiresAt });
  if (!result.ok) throw quotaExceeded({ quotaBytes: deps.quotaBytes, usedBytes: result.usedBytes, neededBytes: size });
}

async function openUpload(runnerId: string, id: string, repo: MultipartRepo): Promise<MultipartUploadRow> {
  const row = await repo.get(runnerId, id);
  if (!row) throw new DomainError('not_found', 'No resumable upload with that id.');
  if (row.status !== 'open') throw new DomainError('upload_closed', `This upload is already ${row.status}; start a new one to send more.`);
  return row;
}

export async function putPart(runnerId: string, id: string, partNumber: number, body: ReadableStream<Uint8Array> | null, length: number, deps: MultipartDeps): Promise<MultipartPart> {
  const row = await openUpload(runnerId, id, deps.repo);
  const count = partCountOf(row);
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > count) {
    throw new DomainError('bad_part_number', `Part numbers run from 1 to ${count} for this upload.`);
  }
  const expected = expectedPartSize(row, partNumber);
  if (!body || length !== expected) {
    throw new DomainError('part_size_mismatch', `Part ${partNumber} must be exactly ${expected} bytes (with a Content-Length header); got ${Number.isNaN(length) ? 'no length' : length}.`);
  }
  const { etag } = await deps.store.uploadPart(row.r2Key, row.r2UploadId, partNumber, body);
  const part = { partNumber, etag, size: expected };
  await deps.repo.putPart(runnerId, id, part, deps.clock.now());
  return part;
}

export async function describeUpload(runnerId: string, id: string, repo: MultipartRepo): Promise<MultipartStatus> {
  const upload = await repo.get(runnerId, id);
  if (!upload) throw new DomainError('not_found', 'No resumable upload with that id.');
  const received = await repo.parts(runnerId, id);
  const have = new Set(received.map((p) => p.partNumber));
  const partCount = partCountOf(upload);
  const missing: number[] = [];
  for (let n = 1; n <= partCount; n++) if (!have.has(n)) missing.push(n);
  return { upload, partCount, received, missing };
}

export interface CompleteDeps extends MultipartDeps {
  uploads: UploadRepo;
  coordinator: Coordinator;
}

export async function completeUpload(runnerId: string, id: string, expectedSha256: string | undefined, deps: CompleteDeps): Promise<{ job: JobView; upload: UploadRow }> {
  const { upload: row, received, missing } = await describeUpload(runnerId, id, deps.repo);
  const jobId = `job_${id.replace(/^up_/, '')}`;
  if (row.status === 'completed') return existingResult(row, jobId, deps);
  if (row.status === 'aborted') throw new DomainError('upload_closed', 'This upload was aborted; start a new one.');
  if (missing.length > 0) {
    throw new DomainError('parts_missing', `${missing.length} part(s) have not arrived yet; send them, then complete again.`, { details: { missing: missing.slice(0, 100) } });
  }
  const object = await assembledObject(runnerId, row, received, deps);
  if (object.size !== row.size) throw new DomainError('size_mismatch', `The parts add up to ${object.size} bytes, not the ${row.size} declared.`);
  if (expectedSha256 && expectedSha256.toLowerCase() !== object.sha256) {
    throw new DomainError('checksum_mismatch', `The uploaded bytes have SHA-256 ${object.sha256}, not the ${expectedSha256} given. If the SHA-256 you gave is wrong, complete again with the right one; if it is right, bytes were damaged on the way: abort this upload and send the file again in a new one (its parts are assembled now and can no longer be replaced).`);
  }
  const upload: UploadRow = { id, runnerId, jobId, name: row.name, contentType: 'application/octet-stream', size: object.size, sha256: object.sha256, r2Key: row.r2Key, createdAt: deps.clock.now() };
  const file = jobFileForUpload(upload, object.head);
  // Ledger first (createJob is idempotent per job id; the coordinator sends the task through the
  // runner's dispatch window), then the record is closed.
  const [, job] = await Promise.all([
    deps.uploads.insertMany([upload]),
    deps.coordinator.createJob({ jobId, runnerId, kind: 'upload', files: [file] }),
  ]);
  await deps.repo.close(runnerId, id, 'completed', { jobId, sha256: object.sha256 }, deps.clock.now());
  return { job, upload };
}

/**
 * The assembled object's size, hash and first bytes: read and hashed once, at the first
 * completion, and recorded on the upload's row. A completion replayed (a wrong SHA-256 given,
 * a retry) compares against the record and never reads the object again — otherwise each replay
 * of a 5 GiB upload would cost a 5 GiB read and hash.
 */
async function assembledObject(runnerId: string, row: MultipartUploadRow, received: MultipartPart[], deps: CompleteDeps): Promise<AssembledObject> {
  const recorded = recordedObject(row);
  if (recorded) return recorded;
  await reserve(runnerId, row.r2Key, row.size, deps);
  await deps.store.complete(row.r2Key, row.r2UploadId, received.map(({ partNumber, etag }) => ({ partNumber, etag })));
  const object = await deps.store.inspectObject(row.r2Key);
  if (!object) throw new DomainError('upload_incomplete', 'The completed object is not in storage; trying again may help.', { retryable: true });
  await deps.repo.recordAssembled(runnerId, row.id, object, deps.clock.now());
  // A completion running at the same time may have recorded first; its record is the one that stands.
  return recordedObject((await deps.repo.get(runnerId, row.id)) ?? row) ?? object;
}

function recordedObject(row: MultipartUploadRow): AssembledObject | null {
  if (row.sha256 === undefined || row.assembledSize === undefined) return null;
  const head = Uint8Array.from(atob(row.assembledHead ?? ''), (c) => c.charCodeAt(0));
  return { size: row.assembledSize, sha256: row.sha256, head };
}

async function existingResult(row: MultipartUploadRow, jobId: string, deps: CompleteDeps): Promise<{ job: JobView; upload: UploadRow }> {
  const job = await deps.coordinator.getJob(row.jobId ?? jobId);
  if (!job) throw new DomainError('upload_incomplete', 'The upload is complete but its job is not registered yet; try again.', { retryable: true });
  const upload: UploadRow = { id: row.id, runnerId: row.runnerId, jobId: job.id, name: row.name, size: row.size, sha256: row.sha256 ?? '', r2Key: row.r2Key, createdAt: row.updatedAt };
  return { job, upload };
}

export async function abortUpload(runnerId: string, id: string, deps: MultipartDeps): Promise<void> {
  const row = await deps.repo.get(runnerId, id);
  if (!row) throw new DomainError('not_found', 'No resumable upload with that id.');
  if (row.status === 'completed') throw new DomainError('upload_closed', 'This upload is complete; delete its sessions instead.');
  if (row.status === 'aborted') return;
  await deps.store.abort(row.r2Key, row.r2UploadId);
  await deps.repo.close(runnerId, id, 'aborted', {}, deps.clock.now());
  await deps.ledger.release(runnerId, [row.r2Key]);
}
