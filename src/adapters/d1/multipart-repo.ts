/** Resumable uploads and their received parts in D1, every query scoped by runner id. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { MultipartRepo, MultipartUploadRow } from '../../ports';
import { type ShardResolver, withoutNulls } from './db';
import { multipartParts, multipartUploads } from './schema';

export function createMultipartRepo(shards: ShardResolver): MultipartRepo {
  return {
    async create(row) {
      const db = await shards.dbFor(row.runnerId);
      await db.insert(multipartUploads).values(row);
    },
    async get(runnerId, id) {
      const db = await shards.dbFor(runnerId);
      const row = await db.select().from(multipartUploads).where(and(eq(multipartUploads.runnerId, runnerId), eq(multipartUploads.id, id))).get();
      return row ? (withoutNulls(row) as MultipartUploadRow) : null;
    },
    async putPart(runnerId, id, part, now) {
      const db = await shards.dbFor(runnerId);
      await db.insert(multipartParts).values({ uploadId: id, runnerId, ...part, updatedAt: now })
        .onConflictDoUpdate({ target: [multipartParts.uploadId, multipartParts.partNumber], set: { etag: part.etag, size: part.size, updatedAt: now } });
    },
    async parts(runnerId, id) {
      const db = await shards.dbFor(runnerId);
      return db.select({ partNumber: multipartParts.partNumber, etag: multipartParts.etag, size: multipartParts.size }).from(multipartParts)
        .where(and(eq(multipartParts.runnerId, runnerId), eq(multipartParts.uploadId, id))).orderBy(asc(multipartParts.partNumber));
    },
    async close(runnerId, id, status, fields, now) {
      const db = await shards.dbFor(runnerId);
      const result = await db.update(multipartUploads).set({ status, jobId: fields.jobId, sha256: fields.sha256, updatedAt: now })
        .where(and(eq(multipartUploads.runnerId, runnerId), eq(multipartUploads.id, id), eq(multipartUploads.status, 'open'))).run();
      return result.meta.changes === 1;
    },
    async recordAssembled(runnerId, id, object, now) {
      const db = await shards.dbFor(runnerId);
      // Only the first inspection writes: a concurrent completion cannot replace what was recorded.
      await db.update(multipartUploads).set({ sha256: object.sha256, assembledSize: object.size, assembledHead: toBase64(object.head), updatedAt: now })
        .where(and(eq(multipartUploads.runnerId, runnerId), eq(multipartUploads.id, id), isNull(multipartUploads.sha256))).run();
    },
  };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
