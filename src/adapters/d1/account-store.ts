/**
 * Account deletion in D1: the tombstone and the final removal are directory batches; the data
 * rows go table by table (children first: the reverse of DATA_TABLES, read from the schema, so a
 * table added later is deleted too) in pages of rowids, so a runner with years of history is
 * removed in bounded steps that can stop anywhere and resume.
 */
import { and, eq, like, lt, sql } from 'drizzle-orm';
import type { AccountStore } from '../../ports';
import { DATA_TABLES } from './data-tables';
import { apiTokens, runnerMoves, runners, shards, webSessions } from './directory-schema';
import { multipartUploads } from './schema';
import type { ShardResolver } from './shards';

/** the email of a runner being deleted: unique, never a real address, frees the old one */
const TOMBSTONE = 'deleted:';

export function createAccountStore(resolver: ShardResolver): AccountStore {
  const db = resolver.directory;
  return {
    async tombstone(runnerId, now) {
      await db.batch([
        db.delete(apiTokens).where(eq(apiTokens.runnerId, runnerId)),
        db.delete(webSessions).where(eq(webSessions.runnerId, runnerId)),
        // no password verifies against an empty hash; the name is personal data too
        db.update(runners).set({ email: `${TOMBSTONE}${runnerId}`, passwordHash: '', name: '', updatedAt: now }).where(eq(runners.id, runnerId)),
      ]);
    },
    async stalledDeletions(before) {
      const rows = await db.select({ id: runners.id }).from(runners).where(and(like(runners.email, `${TOMBSTONE}%`), lt(runners.updatedAt, before))).limit(100);
      return rows.map((r) => r.id);
    },
    async touch(runnerId, now) {
      await db.update(runners).set({ updatedAt: now }).where(eq(runners.id, runnerId));
    },
    async openMultipartUploads(runnerId) {
      const shard = await resolver.dbFor(runnerId);
      return shard.select({ r2Key: multipartUploads.r2Key, r2UploadId: multipartUploads.r2UploadId }).from(multipartUploads)
        .where(and(eq(multipartUploads.runnerId, runnerId), eq(multipartUploads.status, 'open')));
    },
    async deleteDataRows(runnerId, maxRows) {
      const d1 = (await resolver.dbFor(runnerId)).$client;
      let deleted = 0;
      for (const table of [...DATA_TABLES].reverse()) {
        for (;;) {
          const page = Math.min(1000, maxRows - deleted);
          if (page <= 0) return { deleted, done: false };
          const result = await d1.prepare(`DELETE FROM "${table.name}" WHERE rowid IN (SELECT rowid FROM "${table.name}" WHERE runner_id = ? LIMIT ?)`).bind(runnerId, page).run();
          deleted += result.meta.changes;
          if (result.meta.changes < page) break;
        }
      }
      return { deleted, done: true };
    },
    async removeRunner(runnerId) {
      const row = await db.select({ shard: runners.shard }).from(runners).where(eq(runners.id, runnerId)).get();
      if (!row) return;
      // (tokens, browser sessions and a move row would cascade; said explicitly, in one batch)
      await db.batch([
        db.delete(apiTokens).where(eq(apiTokens.runnerId, runnerId)),
        db.delete(webSessions).where(eq(webSessions.runnerId, runnerId)),
        db.delete(runnerMoves).where(eq(runnerMoves.runnerId, runnerId)),
        db.delete(runners).where(eq(runners.id, runnerId)),
        db.update(shards).set({ runners: sql`max(${shards.runners} - 1, 0)` }).where(eq(shards.idx, row.shard)),
      ]);
    },
  };
}
