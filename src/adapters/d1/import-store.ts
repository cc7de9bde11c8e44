import { and, between, eq, inArray, or, sql } from 'drizzle-orm';
import type { ArchiveMemberRef, FitFileRow, ImportCommitResult, ImportStore, NearbySession, SessionRow, UploadRepo } from '../../ports';
import { chunk, IN_LIST_MAX, type ShardResolver, withoutNulls } from './db';
import { archiveBudgetGrants, fitFiles, multipartParts, multipartUploads, sessions, uploads } from './schema';
import { nestedArchiveKey } from '../../core/keys';
import { settleChargesSql } from './storage-ledger';

export function toFitFileRow(row: typeof fitFiles.$inferSelect): FitFileRow {
  const { archiveMember, ...rest } = withoutNulls(row);
  return archiveMember ? { ...rest, archiveMember: JSON.parse(archiveMember) as ArchiveMemberRef } : rest;
}

export function sessionValues(s: SessionRow): typeof sessions.$inferInsert {
  return {
    id: s.id, runnerId: s.runnerId, fitFileId: s.fitFileId, sessionIndex: s.sessionIndex, name: s.name,
    sport: s.sport, subSport: s.subSport, startTime: s.startTime, distanceM: s.distanceM,
    timerS: s.timerS, elapsedS: s.elapsedS, avgHr: s.avgHr, deviceJson: JSON.stringify(s.device),
    eventsJson: s.events ? JSON.stringify(s.events) : undefined,
    recordCount: s.recordCount, recordsKey: s.recordsKey, createdAt: s.createdAt, utcOffsetMin: s.utcOffsetMin,
  };
}


/** fit_files columns in the order commitImports binds them (schema.ts: fitFiles). */
export const FIT_FILE_COLUMNS = ['id', 'runner_id', 'upload_id', 'job_id', 'name', 'sha256', 'size', 'r2_key', 'fit_identity', 'file_type',
  'manufacturer', 'product', 'product_name', 'serial_number', 'time_created', 'format', 'archive_member', 'created_at'];


export function createImportStore(shards: ShardResolver): ImportStore {
  const filesWhere = async (runnerId: string, column: typeof fitFiles.sha256 | typeof fitFiles.fitIdentity | typeof fitFiles.id, values: string[]) => {
    const db = await shards.dbFor(runnerId);
    const unique = [...new Set(values)];
    const rows = await Promise.all(chunk(unique, IN_LIST_MAX).map((part) => db.select().from(fitFiles).where(and(eq(fitFiles.runnerId, runnerId), inArray(column, part)))));
    return rows.flat().map(toFitFileRow);
  };
  const store: ImportStore = {
    findFitFilesBySha: (runnerId, sha256s) => filesWhere(runnerId, fitFiles.sha256, sha256s),
    findFitFilesByIdentity: (runnerId, identities) => filesWhere(runnerId, fitFiles.fitIdentity, identities),
    async sessionIdsOfFiles(runnerId, fitFileIds) {
      const db = await shards.dbFor(runnerId);
      const out = new Map<string, string[]>(fitFileIds.map((id) => [id, []]));
      for (const part of chunk([...new Set(fitFileIds)], IN_LIST_MAX)) {
        const rows = await db.select({ id: sessions.id, fileId: sessions.fitFileId }).from(sessions)
          .where(and(eq(sessions.runnerId, runnerId), inArray(sessions.fitFileId, part))).orderBy(sessions.fitFileId, sessions.sessionIndex);
        for (const r of rows) out.get(r.fileId)?.push(r.id);
      }
      return out;
    },
    async commitImports(items) {
      const results = new Map<string, ImportCommitResult>();
      if (items.length === 0) return results;
      const runnerId = items[0]!.file.runnerId;
      if (items.some((i) => i.file.runnerId !== runnerId)) throw new Error('commitImports: one runner per group');
      const db = await shards.dbFor(runnerId);
      const d1 = db.$client;
      // ON CONFLICT DO NOTHING on each file; each session goes in only if its file row is ours,
      // so a lost race (same bytes or same recording imported concurrently) writes nothing.
      const cols = ['id', 'runner_id', 'fit_file_id', 'session_index', 'name', 'sport', 'sub_sport', 'start_time', 'distance_m',
        'timer_s', 'elapsed_s', 'avg_hr', 'device_json', 'events_json', 'record_count', 'records_key', 'created_at', 'utc_offset_min'];
      const insertSession = `INSERT INTO sessions (${cols.join(', ')}) SELECT ${cols.map(() => '?').join(', ')}
        WHERE EXISTS (SELECT 1 FROM fit_files WHERE id = ? AND runner_id = ?) ON CONFLICT DO NOTHING`;
      // Written as SQL, like the session insert: building each file's statement through drizzle
      // (toSQL) was a visible share of a bulk import's CPU in the Worker's profile.
      const insertFile = `INSERT INTO fit_files (${FIT_FILE_COLUMNS.join(', ')}) VALUES (${FIT_FILE_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;
      const statements = items.flatMap(({ file, sessions: rows }) => {
        return [
          d1.prepare(insertFile).bind(
            file.id, file.runnerId, file.uploadId, file.jobId, file.name, file.sha256, file.size, file.r2Key, file.fitIdentity ?? null,
            file.fileType ?? null, file.manufacturer ?? null, file.product ?? null, file.productName ?? null, file.serialNumber ?? null,
            file.timeCreated ?? null, file.format ?? 'fit', file.archiveMember ? JSON.stringify(file.archiveMember) : null, file.createdAt,
          ),
          ...rows.map((s) => {
            const v = sessionValues(s);
            return d1.prepare(insertSession).bind(
              v.id, v.runnerId, v.fitFileId, v.sessionIndex, v.name ?? null, v.sport ?? null, v.subSport ?? null, v.startTime ?? null,
              v.distanceM ?? null, v.timerS ?? null, v.elapsedS ?? null, v.avgHr ?? null, v.deviceJson, v.eventsJson ?? null, v.recordCount,
              v.recordsKey, v.createdAt, v.utcOffsetMin ?? null, file.id, file.runnerId,
            );
          }),
        ];
      });
      await d1.batch(statements);
      const mine = new Set((await filesWhere(runnerId, fitFiles.id, items.map((i) => i.file.id))).map((f) => f.id));
      const lost = items.filter((i) => !mine.has(i.file.id)).map((i) => i.file);
      const holders = lost.length === 0 ? [] : [
        ...(await store.findFitFilesBySha(runnerId, lost.map((f) => f.sha256))),
        ...(await store.findFitFilesByIdentity(runnerId, lost.flatMap((f) => (f.fitIdentity ? [f.fitIdentity] : [])))),
      ];
      for (const { file } of items) {
        if (mine.has(file.id)) { results.set(file.id, { committed: true }); continue; }
        const existing = holders.find((h) => h.sha256 === file.sha256) ?? holders.find((h) => file.fitIdentity !== undefined && h.fitIdentity === file.fitIdentity) ?? null;
        results.set(file.id, { committed: false, existing });
      }
      return results;
    },
    async findSessionsNear(runnerId, starts, windowMs) {
      const db = await shards.dbFor(runnerId);
      const ranges = [...new Set(starts.filter(Number.isFinite))].sort((a, b) => a - b);
      const found = new Map<string, NearbySession>();
      // two bound parameters per range beside the runner id
      for (const part of chunk(ranges, 45)) {
        const rows = await db.select({
          id: sessions.id, fitFileId: sessions.fitFileId, sport: sessions.sport, startTime: sessions.startTime, elapsedS: sessions.elapsedS,
          fileName: fitFiles.name, format: fitFiles.format, fileSeq: sql<number>`${fitFiles}.rowid`,
        }).from(sessions).innerJoin(fitFiles, eq(fitFiles.id, sessions.fitFileId))
          .where(and(eq(sessions.runnerId, runnerId), or(...part.map((t) => between(sessions.startTime, t - windowMs, t + windowMs)))));
        for (const r of rows) {
          if (r.startTime === null) continue;
          found.set(r.id, { id: r.id, fitFileId: r.fitFileId, fileName: r.fileName, format: r.format as NearbySession['format'], fileSeq: Number(r.fileSeq),
            startTime: r.startTime, ...(r.sport !== null ? { sport: r.sport } : {}), ...(r.elapsedS !== null ? { elapsedS: r.elapsedS } : {}) });
        }
      }
      return [...found.values()];
    },
    async withdrawImports(runnerId, fitFileIds) {
      if (fitFileIds.length === 0) return;
      const db = await shards.dbFor(runnerId);
      // sessions first (the batch is one transaction), then the files
      await db.batch([
        db.delete(sessions).where(and(eq(sessions.runnerId, runnerId), inArray(sessions.fitFileId, fitFileIds))),
        db.delete(fitFiles).where(and(eq(fitFiles.runnerId, runnerId), inArray(fitFiles.id, fitFileIds))),
      ]);
    },
  };
  return store;
}

// D1 allows at most 100 bound parameters per statement: rows per multi-row insert.
const UPLOAD_ROWS_PER_INSERT = Math.floor(100 / 9);

/**
 * The upload rows and their settled charges as constant SQL, on every upload's answer path: drizzle
 * built these two statements on each request (query building was ≈ 3 % of the app isolate's time
 * under 20 uploading clients; issue 14 item 6). Same columns as schema.ts `uploads` and
 * `stored_objects`; the charges settle with the ledger's own statement (storage-ledger.ts).
 */
function insertUploadsSql(rows: number): string {
  return `INSERT INTO uploads (id, runner_id, job_id, name, content_type, size, sha256, r2_key, created_at) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`;
}

export function createUploadRepo(shards: ShardResolver): UploadRepo {
  return {
    async insertMany(rows, options) {
      if (rows.length === 0) return;
      const runnerId = rows[0]!.runnerId;
      if (rows.some((r) => r.runnerId !== runnerId)) throw new Error('insertMany: one runner per call');
      const d1 = (await shards.dbFor(runnerId)).$client;
      const statements: D1PreparedStatement[] = [];
      for (let i = 0; i < rows.length; i += UPLOAD_ROWS_PER_INSERT) {
        const part = rows.slice(i, i + UPLOAD_ROWS_PER_INSERT);
        statements.push(d1.prepare(insertUploadsSql(part.length)).bind(...part.flatMap((r) => [r.id, r.runnerId, r.jobId, r.name, r.contentType ?? null, r.size, r.sha256, r.r2Key, r.createdAt])));
        // StorageLedger.settle for each stored upload, committed with its record (one round trip)
        if (options?.settleCharges) statements.push(d1.prepare(settleChargesSql(part.length)).bind(...part.flatMap((r) => [r.r2Key, runnerId, r.size, r.createdAt])));
      }
      await d1.batch(statements);
    },
    async removeIfUnused(runnerId, uploadId, mayRemove) {
      const db = await shards.dbFor(runnerId);
      const upload = await db.select().from(uploads).where(and(eq(uploads.runnerId, runnerId), eq(uploads.id, uploadId))).get();
      if (!upload) return null;
      const [inUse, grants] = await Promise.all([
        db.select({ id: fitFiles.id }).from(fitFiles).where(and(eq(fitFiles.runnerId, runnerId), eq(fitFiles.uploadId, uploadId))).limit(1).get(),
        db.select({ archiveFileId: archiveBudgetGrants.archiveFileId }).from(archiveBudgetGrants)
          .where(and(eq(archiveBudgetGrants.runnerId, runnerId), eq(archiveBudgetGrants.rootUploadId, uploadId))),
      ]);
      if (inUse || !(await mayRemove(upload.jobId))) return null;
      await db.batch([
        db.delete(archiveBudgetGrants).where(and(eq(archiveBudgetGrants.runnerId, runnerId), eq(archiveBudgetGrants.rootUploadId, uploadId))),
        db.delete(multipartParts).where(and(eq(multipartParts.runnerId, runnerId), eq(multipartParts.uploadId, uploadId))),
        db.delete(multipartUploads).where(and(eq(multipartUploads.runnerId, runnerId), eq(multipartUploads.id, uploadId))),
        db.delete(uploads).where(and(eq(uploads.runnerId, runnerId), eq(uploads.id, uploadId))),
      ]);
      // every archive of the upload took a grant: the upload itself (its own id) and each nested one
      const nested = grants.filter((g) => g.archiveFileId !== uploadId).map((g) => nestedArchiveKey(runnerId, g.archiveFileId));
      return { keys: [upload.r2Key, ...nested] };
    },
  };
}
