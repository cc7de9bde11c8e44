/** Ports: Object storage (R2) and the task queue. */
import type { TaskMessage } from '../contracts/queue-messages';

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
