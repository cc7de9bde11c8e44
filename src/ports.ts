/**
 * The small interfaces jobs and routes need. Adapters (src/adapters) implement them over
 * Cloudflare bindings; unit tests implement them in memory.
 */
import type { TaskMessage } from './contracts/queue-messages';
import type { FileOutcome, JobFile, FileStatus } from './core/chain/job-state';
import type { JobCounts } from './core/chain/job-counts';

export interface Clock {
  now(): number;
}

export interface IdSource {
  /** a new opaque, unguessable id with a readable prefix, e.g. "up_…" */
  newId(prefix: string): string;
}

export interface StoredObject {
  size: number;
  body: ReadableStream<Uint8Array>;
  contentType?: string;
}

export interface BlobStore {
  put(key: string, bytes: Uint8Array, options?: { contentType?: string }): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
  getBytes(key: string): Promise<Uint8Array | null>;
  /** bytes [offset, offset + length) of an object */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array | null>;
  size(key: string): Promise<number | null>;
  delete(keys: string[]): Promise<void>;
}

export interface TaskQueue {
  send(messages: TaskMessage[]): Promise<void>;
}

export interface JobView {
  id: string;
  kind: string;
  status: string;
  stage: string;
  counts: JobCounts;
  files: Array<Pick<JobFile, 'fileId' | 'name' | 'status' | 'code' | 'message' | 'sessionIds' | 'duplicateOf'>>;
  createdAt: number;
  finishedAt?: number;
}

export interface NewJobFile {
  fileId: string;
  name: string;
  status?: FileStatus;
  outcome?: FileOutcome;
  /** the task that processes the file (kept so the reconciler can re-enqueue it) */
  task?: TaskMessage;
}

export interface Coordinator {
  createJob(input: { jobId: string; kind: string; files: NewJobFile[] }): Promise<JobView>;
  markFileStarted(jobId: string, fileId: string): Promise<{ proceed: boolean }>;
  reportFileOutcome(jobId: string, fileId: string, outcome: FileOutcome): Promise<void>;
  getJob(jobId: string): Promise<JobView | null>;
  listJobs(options: { limit: number; cursor?: string }): Promise<{ items: JobView[]; nextCursor: string | null }>;
}

export interface RunnerProfile {
  maxHr?: number;
  restingHr?: number;
  thresholdHr?: number;
  zoneModel?: 'hrmax' | 'hrr' | 'lthr';
  units: 'metric' | 'imperial';
  timeZone: string;
}

export interface Runner extends RunnerProfile {
  id: string;
  email: string;
  name: string;
  createdAt: number;
}

export interface RunnerRepo {
  create(runner: Runner & { passwordHash: string }): Promise<'created' | 'email_taken'>;
  findByEmail(email: string): Promise<(Runner & { passwordHash: string }) | null>;
  findById(id: string): Promise<Runner | null>;
  updateProfile(id: string, patch: Partial<RunnerProfile & { name: string }>, now: number): Promise<Runner | null>;
}

export interface TokenRepo {
  create(token: { id: string; runnerId: string; tokenHash: string; prefix: string; label?: string; createdAt: number }): Promise<void>;
  findRunnerIdByHash(tokenHash: string, now: number): Promise<string | null>;
}

export interface UploadRow {
  id: string;
  runnerId: string;
  jobId: string;
  name: string;
  contentType?: string;
  size: number;
  sha256: string;
  r2Key: string;
  createdAt: number;
}

export interface UploadRepo {
  insertMany(rows: UploadRow[]): Promise<void>;
}

export interface FitFileRow {
  id: string;
  runnerId: string;
  uploadId: string;
  jobId: string;
  name: string;
  sha256: string;
  size: number;
  r2Key: string;
  fitIdentity?: string;
  fileType?: string;
  manufacturer?: string;
  product?: number;
  productName?: string;
  serialNumber?: number;
  timeCreated?: number;
  createdAt: number;
}

export interface SessionRow {
  id: string;
  runnerId: string;
  fitFileId: string;
  sessionIndex: number;
  sport?: string;
  subSport?: string;
  startTime?: number;
  distanceM?: number;
  timerS?: number;
  elapsedS?: number;
  avgHr?: number;
  device: Record<string, unknown>;
  recordCount: number;
  recordsKey: string;
  createdAt: number;
}

export interface ImportStore {
  findFitFileBySha(runnerId: string, sha256: string): Promise<FitFileRow | null>;
  findFitFileByIdentity(runnerId: string, identity: string): Promise<FitFileRow | null>;
  sessionIdsOfFile(runnerId: string, fitFileId: string): Promise<string[]>;
  /**
   * Writes the FIT file and its sessions atomically (one D1 batch: the commit point). When a
   * unique constraint says another file already holds these bytes or this recording, nothing is
   * written and that file is returned.
   */
  commitImport(file: FitFileRow, sessions: SessionRow[]): Promise<{ committed: true } | { committed: false; existing: FitFileRow | null }>;
}

export interface SessionQuery {
  limit: number;
  cursor?: string;
  from?: number;
  to?: number;
  sport?: string;
}

export interface SessionRepo {
  list(runnerId: string, query: SessionQuery): Promise<{ items: SessionRow[]; nextCursor: string | null }>;
  get(runnerId: string, sessionId: string): Promise<(SessionRow & { fitFile: FitFileRow }) | null>;
}

export interface StoredStream {
  size: number;
  sha256: string;
  /** the first bytes of the object (for content sniffing by magic bytes) */
  head: Uint8Array;
}

export interface StreamingBlobStore extends BlobStore {
  /** Streams chunks to an object in bounded memory, hashing as it goes; throws upload_too_large past maxBytes. */
  putStream(key: string, chunks: AsyncIterable<Uint8Array>, options: { maxBytes: number; contentType?: string }): Promise<StoredStream>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}
