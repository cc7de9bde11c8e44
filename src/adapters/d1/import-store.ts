import { and, eq } from 'drizzle-orm';
import type { FitFileRow, ImportStore, SessionRow, UploadRepo } from '../../ports';
import { type Db, withoutNulls } from './db';
import { fitFiles, sessions, uploads } from './schema';

export function toFitFileRow(row: typeof fitFiles.$inferSelect): FitFileRow {
  return withoutNulls(row);
}

export function sessionValues(s: SessionRow): typeof sessions.$inferInsert {
  return {
    id: s.id, runnerId: s.runnerId, fitFileId: s.fitFileId, sessionIndex: s.sessionIndex,
    sport: s.sport, subSport: s.subSport, startTime: s.startTime, distanceM: s.distanceM,
    timerS: s.timerS, elapsedS: s.elapsedS, avgHr: s.avgHr, deviceJson: JSON.stringify(s.device),
    eventsJson: s.events ? JSON.stringify(s.events) : undefined,
    recordCount: s.recordCount, recordsKey: s.recordsKey, createdAt: s.createdAt,
  };
}


export function createImportStore(db: Db, d1: D1Database): ImportStore {
  const store: ImportStore = {
    async findFitFileBySha(runnerId, sha256) {
      const row = await db.select().from(fitFiles).where(and(eq(fitFiles.runnerId, runnerId), eq(fitFiles.sha256, sha256))).get();
      return row ? toFitFileRow(row) : null;
    },
    async findFitFileByIdentity(runnerId, identity) {
      const row = await db.select().from(fitFiles).where(and(eq(fitFiles.runnerId, runnerId), eq(fitFiles.fitIdentity, identity))).get();
      return row ? toFitFileRow(row) : null;
    },
    async sessionIdsOfFile(runnerId, fitFileId) {
      const rows = await db.select({ id: sessions.id }).from(sessions)
        .where(and(eq(sessions.runnerId, runnerId), eq(sessions.fitFileId, fitFileId))).orderBy(sessions.sessionIndex);
      return rows.map((r) => r.id);
    },
    async commitImport(file, rows) {
      // ON CONFLICT DO NOTHING on the file; each session goes in only if the file row is ours,
      // so a lost race (same bytes or same recording imported concurrently) writes nothing.
      const cols = ['id', 'runner_id', 'fit_file_id', 'session_index', 'sport', 'sub_sport', 'start_time', 'distance_m',
        'timer_s', 'elapsed_s', 'avg_hr', 'device_json', 'events_json', 'record_count', 'records_key', 'created_at'];
      const insertSession = `INSERT INTO sessions (${cols.join(', ')}) SELECT ${cols.map(() => '?').join(', ')}
        WHERE EXISTS (SELECT 1 FROM fit_files WHERE id = ? AND runner_id = ?) ON CONFLICT DO NOTHING`;
      const fileSql = db.insert(fitFiles).values(file).onConflictDoNothing().toSQL();
      const statements = [
        d1.prepare(fileSql.sql).bind(...fileSql.params),
        ...rows.map((s) => {
          const v = sessionValues(s);
          return d1.prepare(insertSession).bind(
            v.id, v.runnerId, v.fitFileId, v.sessionIndex, v.sport ?? null, v.subSport ?? null, v.startTime ?? null,
            v.distanceM ?? null, v.timerS ?? null, v.elapsedS ?? null, v.avgHr ?? null, v.deviceJson, v.eventsJson ?? null, v.recordCount,
            v.recordsKey, v.createdAt, file.id, file.runnerId,
          );
        }),
      ];
      await d1.batch(statements);
      const mine = await db.select().from(fitFiles).where(and(eq(fitFiles.runnerId, file.runnerId), eq(fitFiles.id, file.id))).get();
      if (mine) return { committed: true };
      const bySha = await store.findFitFileBySha(file.runnerId, file.sha256);
      const existing = bySha ?? (file.fitIdentity ? await store.findFitFileByIdentity(file.runnerId, file.fitIdentity) : null);
      return { committed: false, existing };
    },
  };
  return store;
}

// D1 allows at most 100 bound parameters per statement: rows per multi-row insert.
const UPLOAD_ROWS_PER_INSERT = Math.floor(100 / 9);

export function createUploadRepo(db: Db): UploadRepo {
  return {
    async insertMany(rows) {
      if (rows.length === 0) return;
      const statements = [];
      for (let i = 0; i < rows.length; i += UPLOAD_ROWS_PER_INSERT) {
        statements.push(db.insert(uploads).values(rows.slice(i, i + UPLOAD_ROWS_PER_INSERT)).onConflictDoNothing());
      }
      await db.batch(statements as [typeof statements[0], ...typeof statements]);
    },
  };
}
