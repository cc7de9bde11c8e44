/** Ports: Uploads, FIT files, sessions, archive budgets and resumable uploads. */
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
  /**
   * Records uploads. With `settleCharges`, the same batch settles each one's storage charge (its
   * r2Key at its size, no expiry, as StorageLedger.settle): stored with putStream's settleLater.
   */
  insertMany(rows: UploadRow[], options?: { settleCharges?: boolean }): Promise<void>;
  /**
   * When no FIT file of this upload remains (its last session was deleted) and `mayRemove(jobId)`
   * agrees (its job is finished): deletes the upload's rows (upload, archive grants, resumable
   * record and parts) in one batch and returns the keys of its objects (the upload and the
   * archives found inside it); null when it is still in use, unknown, or not to be removed yet.
   */
  removeIfUnused(runnerId: string, uploadId: string, mayRemove: (jobId: string) => Promise<boolean>): Promise<{ keys: string[] } | null>;
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
  /** the format the activity was decoded from; absent = 'fit' */
  format?: 'fit' | 'gpx' | 'tcx';
  /**
   * Where the original bytes are when they are an archive member kept in its archive (no copy
   * stored at r2Key): read by range and inflated (jobs/original-file.ts). Absent: at r2Key.
   */
  archiveMember?: ArchiveMemberRef;
  createdAt: number;
}

/** A ZIP member's compressed data in its archive object, as checked at import (CRC-32 and sizes). */
export interface ArchiveMemberRef {
  archiveKey: string;
  /** the compressed data's first byte (after the local header) and its length */
  offset: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  /** ZIP method: 0 stored, 8 deflate */
  method: number;
}

export interface SessionRow {
  id: string;
  runnerId: string;
  fitFileId: string;
  sessionIndex: number;
  /** the title (GPX <name>, TCX <Notes>, activities.csv, or set by the runner) */
  name?: string;
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
  /** the runner's say on records: absent = the rule decides (outdoor runs count), true = left out, false = counted */
  excludeFromRecords?: boolean;
  /** minutes from UTC where the activity happened (the watch's local clock); absent = unknown, shown in the runner's zone */
  utcOffsetMin?: number;
}

/** What a runner may change on a session; every field optional, null puts a field back to its default. */
export interface SessionPatch {
  excludeFromRecords?: boolean | null;
  /** the title; null clears it */
  name?: string | null;
}

export interface ImportCommit {
  file: FitFileRow;
  sessions: SessionRow[];
}

/** A held session near a start time, for same-activity detection across formats and sources. */
export interface NearbySession {
  id: string;
  fitFileId: string;
  fileName: string;
  format: 'fit' | 'gpx' | 'tcx';
  /** commit order of its file (earlier = smaller): the first committed of a racing pair wins */
  fileSeq: number;
  sport?: string;
  startTime: number;
  elapsedS?: number;
}

export type ImportCommitResult = { committed: true } | { committed: false; existing: FitFileRow | null };

/** Reads and writes of a group of imports (one queue batch): a round trip per group, not per file. */
export interface ImportStore {
  /** the runner's FIT files holding any of these SHA-256 digests */
  findFitFilesBySha(runnerId: string, sha256s: string[]): Promise<FitFileRow[]>;
  /** the runner's FIT files that are any of these recordings (FIT identity) */
  findFitFilesByIdentity(runnerId: string, identities: string[]): Promise<FitFileRow[]>;
  /** session ids per FIT file id, in session order */
  sessionIdsOfFiles(runnerId: string, fitFileIds: string[]): Promise<Map<string, string[]>>;
  /**
   * Writes every file with its sessions in one D1 batch (the commit point). A file that a unique
   * constraint says another file already holds (same bytes or same recording) writes nothing;
   * its result names that file. All files belong to one runner.
   */
  commitImports(items: ImportCommit[]): Promise<Map<string, ImportCommitResult>>;
  /** the runner's sessions starting within ±windowMs of any of these instants */
  findSessionsNear(runnerId: string, starts: number[], windowMs: number): Promise<NearbySession[]>;
  /** removes files this import committed and then found to be duplicates (their sessions go with them) */
  withdrawImports(runnerId: string, fitFileIds: string[]): Promise<void>;
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
   * no other session of that file remains; returns the R2 keys that are no longer referenced
   * (the session's own prefix is listed by the caller) and, when the file went, its upload.
   */
  delete(runnerId: string, sessionId: string): Promise<{ keys: string[]; freedUploadId?: string } | null>;
  /** applies the fields present in the patch; null when the runner has no such session */
  update(runnerId: string, sessionId: string, patch: SessionPatch): Promise<SessionRow | null>;
  /** the sessions recorded in one FIT file (the legs of a multisport file), in file order */
  listByFile(runnerId: string, fitFileId: string): Promise<SessionRow[]>;
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
  /** the assembled object's SHA-256 (set at its first inspection, before completion ends) */
  sha256?: string;
  /** the assembled object's size and first bytes (base64), recorded with sha256 */
  assembledSize?: number;
  assembledHead?: string;
  createdAt: number;
  updatedAt: number;
}

/** what one streamed read of the assembled object found */
export interface AssembledObject {
  size: number;
  sha256: string;
  head: Uint8Array;
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
  /** records the assembled object's size, hash and head once (kept if already recorded) */
  recordAssembled(runnerId: string, id: string, object: AssembledObject, now: number): Promise<void>;
}
