/**
 * The one I/O seam of the archive core: random access to an immutable object by byte range.
 * R2 implements it with ranged GETs; tests and small nested objects use the in-memory version.
 */
import { createArchiveError } from './codes.js';

export interface ByteSource {
  /** Total size in bytes; fixed for the life of the source. */
  readonly size: number;
  /** Exactly `length` bytes starting at `offset` (the caller keeps ranges inside `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/**
 * Reads a range and insists on getting all of it: a short answer means the object changed or the
 * backend hiccupped, which is worth a retry, unlike a damaged archive.
 */
export async function readExact(source: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  if (offset < 0 || length < 0 || offset + length > source.size) {
    throw createArchiveError('truncated_archive', { offset, length, size: source.size });
  }
  if (length === 0) return new Uint8Array(0);
  const bytes = await source.read(offset, length);
  if (bytes.length !== length) throw createArchiveError('source_read_failed', { offset, length, got: bytes.length });
  return bytes;
}

export interface MemoryByteSource extends ByteSource {
  /** Number of `read` calls so far (tests bound it; the bench reports it). */
  reads: number;
  bytesRead: number;
}

/** An in-memory source that counts its reads. Returned views share memory with `bytes`. */
export function createMemoryByteSource(bytes: Uint8Array): MemoryByteSource {
  const source: MemoryByteSource = {
    size: bytes.length,
    reads: 0,
    bytesRead: 0,
    async read(offset: number, length: number): Promise<Uint8Array> {
      source.reads++;
      const view = bytes.subarray(offset, offset + length);
      source.bytesRead += view.length;
      return view;
    },
  };
  return source;
}
