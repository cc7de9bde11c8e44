/**
 * The small interfaces jobs and routes need. Adapters (src/adapters) implement them over
 * Cloudflare bindings; unit tests implement them in memory.
 */
import type { TaskMessage } from './contracts/queue-messages';
import type { FileOutcome, JobFile, FileStatus } from './core/chain/job-state';
import type { JobCounts } from './core/chain/job-counts';
import type { StepOutcome } from './core/chain/steps';
import type { StoredDay } from './core/history/extend-days';

export interface Clock {
  now(): number;
}

/**
 * Fault hooks at step boundaries (src/core/faults.ts). Production wires a no-op; only a test or
 * drill configuration (the FAULTS var) injects failures, crashes or latency here.
 */
export interface Faults {
  /** may wait, then throw a retryable DomainError or a crash error; `name` is the file's name */
  hit(point: import('./core/faults').FaultPoint, key: string, name?: string): Promise<void>;
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
  /** what a non-file job reports as it goes (plan: generation, best objective) */
  progress?: Record<string, number | string>;
  /** failed steps (a session's analysis, a plan chunk) with their reasons */
  problems?: Array<{ stepId: string; kind: string; code?: string; message?: string }>;
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

export interface NewJobStep {
  stepId: string;
  kind: string;
  exclusive?: boolean;
  task: TaskMessage;
}

export interface NewJob {
  jobId: string;
  /** the coordinator's runner (one coordinator per runner) */
  runnerId: string;
  /** 'upload' (files → analysis chain), 'recompute' (bests → history), 'plan', … */
  kind: string;
  files: NewJobFile[];
  /** first stage for jobs that are not imports (e.g. 'optimise' for a plan) */
  stage?: string;
  steps?: NewJobStep[];
}

export interface Coordinator {
  createJob(input: NewJob): Promise<JobView>;
  /** files found later (an archive's members); idempotent per file id */
  addFiles(jobId: string, files: NewJobFile[]): Promise<void>;
  markFileStarted(jobId: string, fileId: string): Promise<{ proceed: boolean }>;
  reportFileOutcome(jobId: string, fileId: string, outcome: FileOutcome): Promise<void>;
  markStepStarted(jobId: string, stepId: string): Promise<{ proceed: boolean }>;
  reportStepOutcome(jobId: string, stepId: string, outcome: StepOutcome): Promise<void>;
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
  /** the runner's tokens, newest first, revoked ones included (never the hash) */
  list(runnerId: string): Promise<ApiTokenInfo[]>;
  /** true when a live token of this runner was revoked */
  revoke(runnerId: string, tokenId: string, now: number): Promise<boolean>;
}

export interface ApiTokenInfo {
  id: string;
  prefix: string;
  label?: string;
  createdAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
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
  /** timer start/stop events within the session (pause detection) */
  events?: Array<{ timestamp: number; event?: string; eventType?: string }>;
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
  /**
   * Deletes a session with its statistics and best efforts (one batch), and its FIT file when
   * no other session of that file remains; returns the R2 keys that are no longer referenced.
   */
  delete(runnerId: string, sessionId: string): Promise<{ keys: string[] } | null>;
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

// ── Web app (browser sessions, sign-in throttling, the banner's socket) ──

export interface WebSession {
  runnerId: string;
  createdAt: number;
  expiresAt: number;
  /** true when the store pushed expiresAt forward (the cookie should be re-sent) */
  renewed: boolean;
}

export interface WebSessionStore {
  create(session: { idHash: string; runnerId: string; createdAt: number; expiresAt: number; userAgent?: string }): Promise<void>;
  /** the live session for this hash, slid forward when due; null when unknown, revoked or expired */
  touch(idHash: string, now: number): Promise<WebSession | null>;
  revoke(idHash: string, now: number): Promise<void>;
  revokeAllOf(runnerId: string, now: number): Promise<void>;
}

export interface LoginThrottle {
  /** ms until the key may try again, or 0 when it may try now */
  retryAfter(keys: string[], now: number): Promise<number>;
  recordFailure(keys: string[], now: number): Promise<void>;
  clear(keys: string[]): Promise<void>;
}

/** The runner's coordinator as a WebSocket endpoint (the banner's live feed). */
export interface CoordinatorSocket {
  /** forwards an Upgrade: websocket request to the coordinator; answers 101 with the socket */
  connect(request: Request): Promise<Response>;
}

// ── Analysis ──────────────────────────────────────────────────────────────────────────────

export interface StoredStats {
  sessionId: string;
  runnerId: string;
  algorithmVersion: number;
  sport?: string;
  startTime?: number;
  /** YYYY-MM-DD in the runner's zone when analysed */
  localDate?: string;
  distanceM?: number;
  movingS?: number;
  timerS?: number;
  load?: number;
  stats: Record<string, unknown>;
  computedAt: number;
}

export interface BestEffortRow {
  runnerId: string;
  sessionId: string;
  distanceM: number;
  timeS: number;
  achievedAt?: number;
  startOffsetS?: number;
}

export interface StoredPersonalBest {
  distanceM: number;
  timeS: number;
  sessionId: string;
  achievedAt?: number;
  /** earlier bests, oldest first */
  history: Array<{ distanceM: number; timeS: number; sessionId: string; achievedAt: string }>;
}

/** one stored day of history (the core's StoredDay) */
export type HistoryRow = StoredDay;

export interface AnalysisStore {
  /** statistics and best efforts of one session, replaced together (one batch) */
  saveSessionAnalysis(stats: StoredStats, efforts: BestEffortRow[]): Promise<void>;
  getStats(runnerId: string, sessionId: string): Promise<StoredStats | null>;
  listBestEfforts(runnerId: string): Promise<BestEffortRow[]>;
  getPersonalBests(runnerId: string): Promise<StoredPersonalBest[]>;
  replacePersonalBests(runnerId: string, items: StoredPersonalBest[], now: number): Promise<void>;
  getCriticalSpeed(runnerId: string): Promise<{ result: Record<string, unknown>; computedAt: number } | null>;
  saveCriticalSpeed(runnerId: string, result: Record<string, unknown>, now: number): Promise<void>;
  listStatsForHistory(runnerId: string): Promise<Array<{ sessionId: string; startTime?: number; localDate?: string; distanceM?: number; movingS?: number; timerS?: number; load?: number }>>;
  getHistory(runnerId: string, from?: string, to?: string): Promise<HistoryRow[]>;
  /** sessions with no statistics, or statistics from an older algorithm version */
  listSessionsToAnalyse(runnerId: string, algorithmVersion: number, all: boolean): Promise<string[]>;
  /** stores the full recomputed history, writing only changed days and dropping days no longer in it */
  writeHistory(runnerId: string, days: HistoryRow[]): Promise<{ written: number; deleted: number }>;
}

// ── Training plans ─────────────────────────────────────────────────────────────────────

export type PlanStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface PlanRow {
  id: string;
  runnerId: string;
  jobId: string;
  status: PlanStatus;
  seed: number;
  /** as optimised: `today` and `seed` resolved */
  request: import('./core/plan/types').PlanRequest;
  /** snapshot at request time, so every chunk optimises the same problem */
  athlete: import('./core/plan/types').AthleteState;
  /** why defaults were used */
  notes: string[];
  schemaRef: { id: string; version: number };
  libraryRef: { id: string; version: number };
  objective?: number;
  generation: number;
  evaluations: number;
  checkpointKey?: string;
  checkpointStep?: number;
  result?: import('./core/plan/types').RenderedPlan;
  errorCode?: string;
  errorMessage?: string;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
}

export interface PlanProgress {
  checkpointKey: string;
  checkpointStep: number;
  objective: number;
  generation: number;
  evaluations: number;
}

export interface PlanRepo {
  insert(row: PlanRow): Promise<void>;
  get(runnerId: string, planId: string): Promise<PlanRow | null>;
  list(runnerId: string, query: { limit: number; cursor?: string }): Promise<{ items: PlanRow[]; nextCursor: string | null }>;
  /** deletes and returns the row (its checkpoints are the caller's to remove) */
  remove(runnerId: string, planId: string): Promise<PlanRow | null>;
  /** monotone: a late or duplicated chunk never moves the checkpoint backwards */
  saveProgress(runnerId: string, planId: string, progress: PlanProgress, now: number): Promise<void>;
  complete(runnerId: string, planId: string, progress: PlanProgress, result: import('./core/plan/types').RenderedPlan, now: number): Promise<void>;
  fail(runnerId: string, planId: string, code: string, message: string, now: number): Promise<void>;
}

/** The plan schema and workout library: data in D1, seeded by a migration. */
export interface PlanCatalog {
  schema(ref: { id: string; version: number }): Promise<import('./core/plan/types').PlanSchema | null>;
  library(ref: { id: string; version: number }): Promise<import('./core/plan/types').WorkoutLibrary | null>;
}

/** What the plan needs from the runner's history and critical speed (local dates YYYY-MM-DD). */
export interface PlanHistoryFacts {
  /** the newest daily_history row before `today` (CTL/ATL after that day) */
  last?: { date: string; ctl: number; atl: number };
  /** daily loads of the 21 days before `today` */
  days: Array<{ date: string; load: number }>;
  maxSessionLoad90d?: number;
  csMps?: number;
  dPrimeM?: number;
}

export interface PlanHistorySource {
  read(runnerId: string, today: string): Promise<PlanHistoryFacts>;
}

/** The per-upload total output budget of archive extraction (reliability.md §2), kept in D1. */
export interface ArchiveBudgetStore {
  /**
   * Grants one archive (by its ledger file id) up to `want` bytes of the root upload's budget of
   * `limit` bytes, once: a repeated call returns the first grant, so a redelivered inspection
   * decides exactly as the first did.
   */
  grant(input: { runnerId: string; rootUploadId: string; archiveFileId: string; want: number; limit: number; now: number }): Promise<number>;
}

/** R2 multipart operations for resumable uploads (parts 5 MiB–5 GiB, equal but the last, ≤ 10,000). */
export interface MultipartStore {
  create(key: string, contentType?: string): Promise<string>;
  uploadPart(key: string, uploadId: string, partNumber: number, body: ReadableStream<Uint8Array> | Uint8Array): Promise<{ etag: string }>;
  /** Completes the object; when it was already completed (a retried call) and exists, succeeds. */
  complete(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<void>;
  abort(key: string, uploadId: string): Promise<void>;
  /** size, SHA-256 and first bytes of a stored object, read as a stream; null when absent */
  inspectObject(key: string): Promise<{ size: number; sha256: string; head: Uint8Array } | null>;
}

export interface MultipartUploadRow {
  id: string;
  runnerId: string;
  name: string;
  r2Key: string;
  r2UploadId: string;
  size: number;
  partSize: number;
  status: 'open' | 'completed' | 'aborted';
  jobId?: string;
  sha256?: string;
  createdAt: number;
  updatedAt: number;
}

export interface MultipartPart {
  partNumber: number;
  etag: string;
  size: number;
}

export interface MultipartRepo {
  create(row: MultipartUploadRow): Promise<void>;
  get(runnerId: string, id: string): Promise<MultipartUploadRow | null>;
  /** records a received part (replacing an earlier copy of the same part) */
  putPart(runnerId: string, id: string, part: MultipartPart, now: number): Promise<void>;
  parts(runnerId: string, id: string): Promise<MultipartPart[]>;
  /** open → completed/aborted (compare-and-set); false when it was no longer open */
  close(runnerId: string, id: string, status: 'completed' | 'aborted', fields: { jobId?: string; sha256?: string }, now: number): Promise<boolean>;
}
