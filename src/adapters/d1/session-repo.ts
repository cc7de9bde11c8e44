import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { SessionRepo, SessionRow } from '../../ports';
import { type ShardResolver, withoutNulls } from './db';
import { toFitFileRow } from './import-store';
import { bestEfforts, fitFiles, sessions, sessionStats } from './schema';

function toSessionRow(row: typeof sessions.$inferSelect): SessionRow {
  const { deviceJson, eventsJson, ...rest } = withoutNulls(row);
  return {
    ...rest,
    device: JSON.parse(deviceJson) as Record<string, unknown>,
    events: eventsJson ? (JSON.parse(eventsJson) as SessionRow['events']) : undefined,
  };
}

// Newest first; sessions whose start is unknown (device-relative clocks) sort last. The cursor
// is the last item's (start, id) so pages are stable while sessions are added.
const startKey = sql<number>`coalesce(${sessions.startTime}, -1)`;

export function encodeCursor(startTime: number | undefined, id: string): string {
  return btoa(JSON.stringify([startTime ?? -1, id])).replace(/=+$/, '');
}

export function decodeCursor(cursor: string): [number, string] | null {
  try {
    const value = JSON.parse(atob(cursor)) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch { /* an unreadable cursor is a client error, reported by the caller */ }
  return null;
}

export function createSessionRepo(shards: ShardResolver): SessionRepo {
  return {
    async list(runnerId, query) {
      const db = await shards.dbFor(runnerId);
      const where: SQL[] = [eq(sessions.runnerId, runnerId)];
      if (query.from !== undefined) where.push(gte(sessions.startTime, query.from));
      if (query.to !== undefined) where.push(lt(sessions.startTime, query.to));
      if (query.sport) where.push(eq(sessions.sport, query.sport));
      if (query.cursor) {
        const at = decodeCursor(query.cursor);
        if (!at) throw new RangeError('bad cursor');
        where.push(or(lt(startKey, at[0]), and(eq(startKey, at[0]), lt(sessions.id, at[1])))!);
      }
      const rows = await db.select().from(sessions).where(and(...where))
        .orderBy(desc(startKey), desc(sessions.id)).limit(query.limit + 1);
      const items = rows.slice(0, query.limit).map(toSessionRow);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.startTime, last.id) : null };
    },
    async delete(runnerId, sessionId) {
      const db = await shards.dbFor(runnerId);
      const session = await db.select().from(sessions).where(and(eq(sessions.runnerId, runnerId), eq(sessions.id, sessionId))).get();
      if (!session) return null;
      const siblings = await db.select({ id: sessions.id }).from(sessions)
        .where(and(eq(sessions.runnerId, runnerId), eq(sessions.fitFileId, session.fitFileId)));
      const lastOfFile = siblings.length <= 1;
      const file = lastOfFile ? await db.select().from(fitFiles).where(and(eq(fitFiles.runnerId, runnerId), eq(fitFiles.id, session.fitFileId))).get() : undefined;
      await db.batch([
        db.delete(sessionStats).where(and(eq(sessionStats.runnerId, runnerId), eq(sessionStats.sessionId, sessionId))),
        db.delete(bestEfforts).where(and(eq(bestEfforts.runnerId, runnerId), eq(bestEfforts.sessionId, sessionId))),
        db.delete(sessions).where(and(eq(sessions.runnerId, runnerId), eq(sessions.id, sessionId))),
        ...(file ? [db.delete(fitFiles).where(and(eq(fitFiles.runnerId, runnerId), eq(fitFiles.id, file.id)))] : []),
      ]);
      return { keys: [session.recordsKey, ...(file ? [file.r2Key] : [])], ...(file ? { freedUploadId: file.uploadId } : {}) };
    },
    async update(runnerId, sessionId, patch) {
      const db = await shards.dbFor(runnerId);
      const set: Partial<typeof sessions.$inferInsert> = {};
      if (patch.excludeFromRecords !== undefined) set.excludeFromRecords = patch.excludeFromRecords;
      if (patch.name !== undefined) set.name = patch.name;
      const where = and(eq(sessions.runnerId, runnerId), eq(sessions.id, sessionId));
      const row = Object.keys(set).length === 0
        ? await db.select().from(sessions).where(where).get()
        : await db.update(sessions).set(set).where(where).returning().get();
      return row ? toSessionRow(row) : null;
    },
    async listByFile(runnerId, fitFileId) {
      const db = await shards.dbFor(runnerId);
      const rows = await db.select().from(sessions).where(and(eq(sessions.runnerId, runnerId), eq(sessions.fitFileId, fitFileId)))
        .orderBy(asc(sessions.sessionIndex));
      return rows.map(toSessionRow);
    },
    async get(runnerId, sessionId) {
      const db = await shards.dbFor(runnerId);
      const row = await db.select().from(sessions).innerJoin(fitFiles, eq(fitFiles.id, sessions.fitFileId))
        .where(and(eq(sessions.runnerId, runnerId), eq(sessions.id, sessionId), eq(fitFiles.runnerId, runnerId))).get();
      return row ? { ...toSessionRow(row.sessions), fitFile: toFitFileRow(row.fit_files) } : null;
    },
  };
}
