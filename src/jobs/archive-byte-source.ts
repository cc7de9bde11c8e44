/**
 * The archive core's ByteSource over the BlobStore port (R2 ranged GETs). Every read is a
 * subrequest, and Workers cap those per invocation, so an optional window caches one bounded
 * span: sniffing thousands of small members of an export then costs one GET per window, not
 * two per member, and memory stays at one window whatever the archive's size.
 */
import type { ByteSource } from '../core/archive';
import type { BlobStore } from '../ports';

export interface BlobByteSource extends ByteSource {
  /** ranged GETs so far (tests and the bench report it) */
  readonly reads: number;
}

export function createBlobByteSource(blobs: BlobStore, key: string, size: number, windowBytes = 0): BlobByteSource {
  let window: { offset: number; bytes: Uint8Array } | null = null;
  let reads = 0;
  async function fetchRange(offset: number, length: number): Promise<Uint8Array> {
    reads++;
    // A missing object reads as empty: readExact turns the short read into a retryable error.
    return (await blobs.getRange(key, offset, length)) ?? new Uint8Array(0);
  }
  return {
    size,
    get reads() {
      return reads;
    },
    async read(offset, length) {
      if (window && offset >= window.offset && offset + length <= window.offset + window.bytes.length) {
        const at = offset - window.offset;
        return window.bytes.subarray(at, at + length);
      }
      if (length >= windowBytes) return fetchRange(offset, length);
      const bytes = await fetchRange(offset, Math.min(windowBytes, size - offset));
      window = { offset, bytes };
      return bytes.subarray(0, length);
    },
  };
}

/** A source over the whole object at `key`, or null when it is gone. */
export async function openBlobByteSource(blobs: BlobStore, key: string, windowBytes = 0): Promise<BlobByteSource | null> {
  const size = await blobs.size(key);
  return size === null ? null : createBlobByteSource(blobs, key, size, windowBytes);
}

/** Gathers an iterator's chunks; callers bound the total through the extractor's caps. */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
