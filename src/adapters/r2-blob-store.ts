/**
 * BlobStore over an R2 bucket. Keys are built by the caller from ids, never user names.
 * putStream holds at most one part in memory: a small object is one PUT, a larger one an R2
 * multipart upload with equal parts (R2 needs a known length per PUT and equal part sizes).
 */
import { DomainError } from '../core/errors';
import type { MultipartStore, StreamingBlobStore } from '../ports';

export const PART_SIZE = 8 * 1024 * 1024;
const HEAD_BYTES = 64;

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One buffer of the chunks (the chunk itself when there is one: no copy). */
function joinChunks(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export function createR2BlobStore(bucket: R2Bucket): StreamingBlobStore {
  return {
    async put(key, bytes, options) {
      await bucket.put(key, bytes, options?.contentType ? { httpMetadata: { contentType: options.contentType } } : undefined);
    },
    async putMany(objects) {
      return Promise.allSettled(objects.map((o) => bucket.put(o.key, o.bytes, o.contentType ? { httpMetadata: { contentType: o.contentType } } : undefined).then(() => undefined)));
    },
    async get(key) {
      const object = await bucket.get(key);
      if (!object) return null;
      return { size: object.size, body: object.body as ReadableStream<Uint8Array>, contentType: object.httpMetadata?.contentType };
    },
    async getBytes(key) {
      const object = await bucket.get(key);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
    async getRange(key, offset, length) {
      if (length === 0) return new Uint8Array(0);
      const object = await bucket.get(key, { range: { offset, length } });
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
    async size(key) {
      const head = await bucket.head(key);
      return head ? head.size : null;
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
    },
    async list(prefix, cursor) {
      const page = await bucket.list({ prefix, cursor, limit: 1000 });
      return { objects: page.objects.map((o) => ({ key: o.key, size: o.size })), cursor: page.truncated ? page.cursor : undefined };
    },
    // Unmetered: nothing to reserve (createMeteredBlobStore gives the handle its meaning).
    reserveAhead(key, bytes) {
      return { key, bytes };
    },
    async putStream(key, chunks, options) {
      const digest = new crypto.DigestStream('SHA-256');
      const hasher = digest.getWriter();
      const httpMetadata = options.contentType ? { contentType: options.contentType } : undefined;
      const head = new Uint8Array(HEAD_BYTES);
      let headLength = 0;
      let size = 0;
      // The received chunks of the current part, joined once when it is sent (issue 14 item 6: a
      // buffer grown by doubling copied every upload about twice more). Only what arrived is
      // held: twenty concurrent small uploads must not each hold 8 MiB.
      let pending: Uint8Array[] = [];
      let filled = 0;
      let upload: R2MultipartUpload | undefined;
      const parts: R2UploadedPart[] = [];
      try {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > options.maxBytes) throw new DomainError('upload_too_large', `The upload is larger than ${options.maxBytes} bytes.`);
          await hasher.write(chunk);
          if (headLength < HEAD_BYTES) {
            const take = Math.min(HEAD_BYTES - headLength, chunk.length);
            head.set(chunk.subarray(0, take), headLength);
            headLength += take;
          }
          let offset = 0;
          while (offset < chunk.length) {
            const take = Math.min(PART_SIZE - filled, chunk.length - offset);
            pending.push(take === chunk.length ? chunk : chunk.subarray(offset, offset + take));
            filled += take;
            offset += take;
            if (filled === PART_SIZE) {
              await options.beforeWrite?.(size - (chunk.length - offset));
              upload ??= await bucket.createMultipartUpload(key, { httpMetadata });
              parts.push(await upload.uploadPart(parts.length + 1, joinChunks(pending, filled)));
              pending = [];
              filled = 0;
            }
          }
        }
        await options.beforeWrite?.(size);
        if (upload) {
          if (filled > 0) parts.push(await upload.uploadPart(parts.length + 1, joinChunks(pending, filled)));
          await upload.complete(parts);
        } else {
          await bucket.put(key, joinChunks(pending, filled), { httpMetadata });
        }
        await hasher.close();
        return { size, sha256: hex(await digest.digest), head: head.slice(0, headLength) };
      } catch (error) {
        if (upload) await upload.abort().catch(() => undefined);
        throw error;
      }
    },
  };
}

/**
 * Resumable uploads over R2 multipart. The upload id lives in D1, so any invocation can resume
 * it; resumeMultipartUpload checks nothing, so every call may find the upload gone (completed or
 * aborted by a parallel call) and callers handle that.
 */
export function createR2MultipartStore(bucket: R2Bucket): MultipartStore {
  return {
    async create(key, contentType) {
      const upload = await bucket.createMultipartUpload(key, contentType ? { httpMetadata: { contentType } } : undefined);
      return upload.uploadId;
    },
    async uploadPart(key, uploadId, partNumber, body) {
      try {
        const part = await bucket.resumeMultipartUpload(key, uploadId).uploadPart(partNumber, body);
        return { etag: part.etag };
      } catch (error) {
        // The parts were assembled already (a completion whose SHA-256 or size did not match
        // leaves the upload open): R2 takes no more parts for it.
        if (!(await bucket.head(key))) throw error;
        throw new DomainError('upload_closed', 'The parts of this upload were assembled already (its SHA-256 or size did not match); parts can no longer be replaced. Complete it with the right SHA-256, or abort it and send the file in a new upload.', { cause: error });
      }
    },
    async complete(key, uploadId, parts) {
      try {
        await bucket.resumeMultipartUpload(key, uploadId).complete(parts);
      } catch (error) {
        // A retried completion finds the upload gone; the object being there means it succeeded.
        if (!(await bucket.head(key))) throw error;
      }
    },
    async abort(key, uploadId) {
      await bucket.resumeMultipartUpload(key, uploadId).abort().catch(() => undefined);
    },
    async inspectObject(key) {
      const object = await bucket.get(key);
      if (!object) return null;
      const digest = new crypto.DigestStream('SHA-256');
      const head = new Uint8Array(HEAD_BYTES);
      let headLength = 0;
      // Hash in one streamed pass; only the first bytes are kept (content sniffing).
      const tap = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          if (headLength < HEAD_BYTES) {
            const take = Math.min(HEAD_BYTES - headLength, chunk.length);
            head.set(chunk.subarray(0, take), headLength);
            headLength += take;
          }
          controller.enqueue(chunk);
        },
      });
      await (object.body as ReadableStream<Uint8Array>).pipeThrough(tap).pipeTo(digest);
      return { size: object.size, sha256: hex(await digest.digest), head: head.slice(0, headLength) };
    },
  };
}
