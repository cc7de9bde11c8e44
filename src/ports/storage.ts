/** Ports: Object storage (R2) and the task queue. */
import type { TaskMessage } from '../contracts/queue-messages';

export interface StoredObject {
  size: number;
  body: ReadableStream<Uint8Array>;
  contentType?: string;
}

export interface BlobToStore {
  key: string;
  bytes: Uint8Array;
  contentType?: string;
}

export interface BlobStore {
  put(key: string, bytes: Uint8Array, options?: { contentType?: string }): Promise<void>;
  /**
   * Several objects side by side. Metered: the charged ones are reserved together (one ledger
   * call per runner) before any is stored, so a refusal throws quota_exceeded with none stored;
   * then each put succeeds or fails alone (one settled result per object, in order).
   */
  putMany(objects: BlobToStore[]): Promise<Array<PromiseSettledResult<void>>>;
  get(key: string): Promise<StoredObject | null>;
  getBytes(key: string): Promise<Uint8Array | null>;
  /** bytes [offset, offset + length) of an object */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array | null>;
  size(key: string): Promise<number | null>;
  delete(keys: string[]): Promise<void>;
  /** one page (≤ 1000) of the objects whose key starts with `prefix`, in key order */
  list(prefix: string, cursor?: string): Promise<{ objects: Array<{ key: string; size: number }>; cursor?: string }>;
}

export interface TaskQueue {
  send(messages: TaskMessage[]): Promise<void>;
}

export interface StoredStream {
  size: number;
  sha256: string;
  /** the first bytes of the object (for content sniffing by magic bytes) */
  head: Uint8Array;
}

export interface StreamingBlobStore extends BlobStore {
  /** Streams chunks to an object in bounded memory, hashing as it goes; throws upload_too_large past maxBytes. */
  putStream(key: string, chunks: AsyncIterable<Uint8Array>, options: PutStreamOptions): Promise<StoredStream>;
  /**
   * Starts reserving room for up to `bytes` bytes of the objects one request is about to write,
   * charged on `key` (its first object's), while their bytes are still arriving: a request that
   * declared its length (Content-Length bounds everything it can store). Returns at once; the
   * reservation runs concurrently. putStream calls given it (`within`) wait for it before storing
   * a byte and reserve nothing of their own while it covers them; when it is refused (near the
   * quota), each object reserves its exact size as it is written, so a refusal here is never an
   * answer of its own. `delete`/failure paths wait for it, so it never outlives a refused request.
   */
  reserveAhead(key: string, bytes: number): AheadReservation;
}

/** A handle from reserveAhead (opaque: only the store that made it gives it meaning). */
export interface AheadReservation {
  readonly key: string;
  readonly bytes: number;
}

export interface PutStreamOptions {
  maxBytes: number;
  contentType?: string;
  /**
   * Called before bytes reach storage, with the object's size once they have: the quota is
   * reserved here (storage-meter.ts), so nothing is stored that was not reserved first.
   */
  beforeWrite?: (storedBytes: number) => Promise<void>;
  /**
   * The caller settles the object's charge itself, in the same D1 batch as its record
   * (UploadRepo.insertMany with settleCharges): one round trip fewer before an upload's answer.
   * Until then the charge is a reservation that lapses (an hour), as for a request that crashed.
   */
  settleLater?: boolean;
  /**
   * The request's reservation from reserveAhead: the object is covered by it while the request's
   * objects together fit in it. Only with settleLater (the caller settles every key of the
   * request in one batch: the reservation's key must not shrink to its own size before the
   * others are charged); ignored otherwise.
   */
  within?: AheadReservation;
}

export interface StorageCharge {
  key: string;
  bytes: number;
}

/**
 * The storage ledger (D1 stored_objects): what each of a runner's objects costs. `reserve` is one
 * atomic conditional upsert — all the charges or none, refused when they would take the runner
 * past `quotaBytes` — so parallel uploads cannot overshoot. A key charged again is resized (its
 * old size is not counted twice). `expiresAt`: a reservation for bytes still arriving lapses then.
 */
export interface StorageLedger {
  reserve(runnerId: string, charges: StorageCharge[], options: { quotaBytes: number; now: number; expiresAt?: number }): Promise<{ ok: true } | { ok: false; usedBytes: number }>;
  /** the object is stored: its exact size, no expiry (never refused: it was reserved) */
  settle(runnerId: string, charge: StorageCharge, now: number): Promise<void>;
  release(runnerId: string, keys: string[]): Promise<void>;
  /** bytes the runner holds or has reserved */
  usage(runnerId: string, now: number): Promise<number>;
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
