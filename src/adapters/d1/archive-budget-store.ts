/**
 * The per-upload archive output budget in D1. D1 has no interactive transactions, so a grant is
 * one conditional INSERT: it goes in only while the grants already given for the upload leave
 * room, and the primary key (upload, archive) makes it once-only. A lost race re-reads and tries
 * again with what is left.
 */
import type { ArchiveBudgetStore } from '../../ports';
import type { ShardResolver } from './db';

const ATTEMPTS = 5;

export function createArchiveBudgetStore(shards: ShardResolver): ArchiveBudgetStore {
  async function existing(d1: D1Database, rootUploadId: string, archiveFileId: string): Promise<number | null> {
    return d1.prepare('SELECT granted_bytes AS g FROM archive_budget_grants WHERE root_upload_id = ? AND archive_file_id = ?')
      .bind(rootUploadId, archiveFileId).first<number>('g');
  }
  return {
    async grant({ runnerId, rootUploadId, archiveFileId, want, limit, now }) {
      // an upload's grants live in its runner's shard (the upload id is unique within it)
      const d1 = (await shards.dbFor(runnerId)).$client;
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const before = await existing(d1, rootUploadId, archiveFileId);
        if (before !== null) return before;
        const used = (await d1.prepare('SELECT coalesce(sum(granted_bytes), 0) AS u FROM archive_budget_grants WHERE root_upload_id = ?')
          .bind(rootUploadId).first<number>('u')) ?? 0;
        const granted = Math.max(0, Math.min(want, limit - used));
        const result = await d1.prepare(
          `INSERT INTO archive_budget_grants (root_upload_id, archive_file_id, runner_id, granted_bytes, limit_bytes, created_at)
           SELECT ?, ?, ?, ?, ?, ? WHERE (SELECT coalesce(sum(granted_bytes), 0) FROM archive_budget_grants WHERE root_upload_id = ?) + ? <= ?
           ON CONFLICT DO NOTHING`,
        ).bind(rootUploadId, archiveFileId, runnerId, granted, limit, now, rootUploadId, granted, limit).run();
        if (result.meta.changes === 1) return granted;
      }
      throw new Error('The archive output budget is contended; retrying the inspection.');
    },
  };
}
