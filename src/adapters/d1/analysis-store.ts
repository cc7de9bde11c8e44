/**
 * Analysis data in D1: per-session statistics and best efforts, personal bests, the critical
 * speed fit and the daily history — every query scoped by runner id. A session's statistics are
 * split (core/metrics/stats-layout.ts): the summary in D1, the bulky detail in one R2 object per
 * session, written before the D1 row that points to it and read back only by getStats.
 */
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { VolumeBySport } from '../../core/history';
import { statsDetailKey } from '../../core/keys';
import { joinSessionStats, splitSessionStats, STATS_DETAIL_LAYOUT } from '../../core/metrics/stats-layout';
import type { AnalysisStore, BestEffortRow, BlobStore, StoredBestEffort, StoredPersonalBest, StoredStats } from '../../ports';
import { putStatsDetail, readStatsDetail } from '../stats-detail';
import { chunk, IN_LIST_MAX, placeholders, rowsPerStatement, type Db, type ShardResolver, valueRows, withoutNulls } from './db';
import { bestEfforts, criticalSpeed, dailyHistory, personalBests, sessions, sessionStats } from './schema';

const HISTORY_ROWS_PER_INSERT = rowsPerStatement(10);
const EFFORT_ROWS_PER_INSERT = rowsPerStatement(6);

type Statement = Parameters<Db['batch']>[0][number];

async function runBatch(db: Db, statements: Statement[]): Promise<void> {
  if (statements.length > 0) await db.batch(statements as [Statement, ...Statement[]]);
}

export function createAnalysisStore(shards: ShardResolver, blobs: BlobStore): AnalysisStore {
  const store: AnalysisStore = {
    async saveSessionAnalyses(items) {
      const split = new Map(items.map(({ stats }) => [stats.sessionId, splitSessionStats(stats.stats)]));
      // the detail first: a row never points to an object not yet written (a retry rewrites both)
      await Promise.all(items.map(({ stats }) => putStatsDetail(blobs, statsDetailKey(stats.runnerId, stats.sessionId), split.get(stats.sessionId)!.detail)));
      // one batch per runner (a queue batch may analyse several runners' sessions)
      const runnerIds = [...new Set(items.map((i) => i.stats.runnerId))];
      await Promise.all(runnerIds.map(async (runnerId) => {
        const db = await shards.dbFor(runnerId);
        const mine = items.filter((i) => i.stats.runnerId === runnerId);
        const statements = analysisStatements(db.$client, runnerId, mine.map(({ stats, efforts }) => ({ stats, efforts, summary: split.get(stats.sessionId)!.summary })));
        if (statements.length > 0) await db.$client.batch(statements);
      }));
    },
    async getStats(runnerId, sessionId) {
      const db = await shards.dbFor(runnerId);
      const row = await db.select().from(sessionStats).where(and(eq(sessionStats.runnerId, runnerId), eq(sessionStats.sessionId, sessionId))).get();
      if (!row) return null;
      const { statsJson, detail, ...rest } = withoutNulls(row);
      const summary = JSON.parse(statsJson) as Record<string, unknown>;
      // legacy rows (no layout) hold the whole statistics; a missing object leaves the summary
      if (detail === undefined) return { ...rest, stats: summary };
      return { ...rest, stats: joinSessionStats(summary, await readStatsDetail(blobs, statsDetailKey(runnerId, sessionId))) };
    },
    async listBestEfforts(runnerId) {
      const db = await shards.dbFor(runnerId);
      const rows = await db.select({
        runnerId: bestEfforts.runnerId, sessionId: bestEfforts.sessionId, distanceM: bestEfforts.distanceM, timeS: bestEfforts.timeS,
        achievedAt: bestEfforts.achievedAt, startOffsetS: bestEfforts.startOffsetS,
        sport: sessions.sport, subSport: sessions.subSport, excludeFromRecords: sessions.excludeFromRecords,
      }).from(bestEfforts).innerJoin(sessions, eq(sessions.id, bestEfforts.sessionId))
        .where(and(eq(bestEfforts.runnerId, runnerId), eq(sessions.runnerId, runnerId)));
      return rows.map((r) => withoutNulls(r) as StoredBestEffort);
    },
    async getPersonalBests(runnerId) {
      const db = await shards.dbFor(runnerId);
      const rows = await db.select().from(personalBests).where(eq(personalBests.runnerId, runnerId)).orderBy(asc(personalBests.distanceM));
      return rows.map((r) => ({
        distanceM: r.distanceM, timeS: r.timeS, sessionId: r.sessionId,
        achievedAt: r.achievedAt === null ? undefined : r.achievedAt, history: JSON.parse(r.historyJson) as StoredPersonalBest['history'],
      }));
    },
    async replacePersonalBests(runnerId, items, now) {
      const db = await shards.dbFor(runnerId);
      await runBatch(db, [
        db.delete(personalBests).where(eq(personalBests.runnerId, runnerId)),
        ...items.map((b) => db.insert(personalBests).values({
          runnerId, distanceM: b.distanceM, timeS: b.timeS, sessionId: b.sessionId, achievedAt: b.achievedAt,
          historyJson: JSON.stringify(b.history), updatedAt: now,
        })),
      ]);
    },
    async getCriticalSpeed(runnerId) {
      const db = await shards.dbFor(runnerId);
      const row = await db.select().from(criticalSpeed).where(eq(criticalSpeed.runnerId, runnerId)).get();
      return row ? { result: JSON.parse(row.resultJson) as Record<string, unknown>, computedAt: row.computedAt } : null;
    },
    async saveCriticalSpeed(runnerId, result, now) {
      const db = await shards.dbFor(runnerId);
      const row = {
        runnerId, status: String(result.status), csMps: typeof result.csMps === 'number' ? result.csMps : null,
        dPrimeM: typeof result.dPrimeM === 'number' ? result.dPrimeM : null, r2: typeof result.r2 === 'number' ? result.r2 : null,
        resultJson: JSON.stringify(result), computedAt: now,
      };
      await db.insert(criticalSpeed).values(row).onConflictDoUpdate({ target: criticalSpeed.runnerId, set: row });
    },
    async listSessionsToAnalyse(runnerId, algorithmVersion, all) {
      const db = await shards.dbFor(runnerId);
      const rows = await db.select({ id: sessions.id, version: sessionStats.algorithmVersion }).from(sessions)
        .leftJoin(sessionStats, eq(sessionStats.sessionId, sessions.id))
        .where(eq(sessions.runnerId, runnerId)).orderBy(asc(sessions.startTime));
      return rows.filter((r) => all || r.version === null || r.version < algorithmVersion).map((r) => r.id);
    },
    async listStatsForHistory(runnerId) {
      const db = await shards.dbFor(runnerId);
      const rows = await db.select({
        sessionId: sessionStats.sessionId, sport: sessionStats.sport, startTime: sessionStats.startTime, localDate: sessionStats.localDate,
        distanceM: sessionStats.distanceM, movingS: sessionStats.movingS, timerS: sessionStats.timerS, load: sessionStats.load,
      }).from(sessionStats).where(eq(sessionStats.runnerId, runnerId));
      return rows.map((r) => withoutNulls(r));
    },
    async getHistory(runnerId, from, to) {
      const db = await shards.dbFor(runnerId);
      const where = [eq(dailyHistory.runnerId, runnerId)];
      if (from) where.push(gte(dailyHistory.date, from));
      if (to) where.push(lte(dailyHistory.date, to));
      const rows = await db.select().from(dailyHistory).where(and(...where)).orderBy(asc(dailyHistory.date));
      return rows.map(({ runnerId: _r, sportsJson, ...day }) => (sportsJson ? { ...day, bySport: JSON.parse(sportsJson) as VolumeBySport } : day));
    },
    async writeHistory(runnerId, days) {
      const db = await shards.dbFor(runnerId);
      const stored = await store.getHistory(runnerId);
      const wanted = new Map(days.map((d) => [d.date, d]));
      const stale = stored.filter((d) => !wanted.has(d.date)).map((d) => d.date);
      const storedByDate = new Map(stored.map((d) => [d.date, d]));
      const changed = days.filter((d) => {
        const s = storedByDate.get(d.date);
        return !s || s.distanceM !== d.distanceM || s.timeS !== d.timeS || s.sessions !== d.sessions || s.load !== d.load || s.ctl !== d.ctl || s.atl !== d.atl || s.tsb !== d.tsb
          || sportsJsonOf(s.bySport) !== sportsJsonOf(d.bySport);
      });
      await runBatch(db, [
        ...chunk(stale, 90).map((dates) => db.delete(dailyHistory).where(and(eq(dailyHistory.runnerId, runnerId), inArray(dailyHistory.date, dates)))),
        ...chunk(changed, HISTORY_ROWS_PER_INSERT).map((rows) => db.insert(dailyHistory).values(rows.map(({ bySport, ...d }) => ({ runnerId, ...d, sportsJson: sportsJsonOf(bySport) })))
          .onConflictDoUpdate({
            target: [dailyHistory.runnerId, dailyHistory.date],
            set: { distanceM: sqlExcluded('distance_m'), timeS: sqlExcluded('time_s'), sessions: sqlExcluded('sessions'), load: sqlExcluded('load'), ctl: sqlExcluded('ctl'), atl: sqlExcluded('atl'), tsb: sqlExcluded('tsb'), sportsJson: sqlExcluded('sports_json') },
          })),
      ]);
      return { written: changed.length, deleted: stale.length };
    },
  };
  return store;
}

/** A day's per-sport volume as stored: sports in name order, so equal volumes give equal text. */
function sportsJsonOf(bySport: VolumeBySport | undefined): string | null {
  if (!bySport || Object.keys(bySport).length === 0) return null;
  return JSON.stringify(Object.fromEntries(Object.entries(bySport).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** In an upsert, the value the rejected insert carried. */
function sqlExcluded(column: string) {
  return sql.raw(`excluded.${column}`);
}

const STATS_COLUMNS = ['session_id', 'runner_id', 'algorithm_version', 'sport', 'start_time', 'local_date', 'distance_m', 'moving_s',
  'timer_s', 'load', 'stats_json', 'computed_at', 'detail'] as const;
const EFFORT_COLUMNS = ['runner_id', 'session_id', 'distance_m', 'time_s', 'achieved_at', 'start_offset_s'] as const;
const STATS_ROWS_PER_UPSERT = rowsPerStatement(STATS_COLUMNS.length);

/**
 * A group of one runner's sessions in a few statements: the statistics upserted several rows at a
 * time, each session row's totals, the sessions' best efforts replaced (one delete, multi-row
 * inserts). Written as SQL: building four statements per session through drizzle was a visible
 * share of a bulk import's CPU in the Worker's profile (issue 14 item 5), and a wave of 8 sessions
 * now takes 14 statements instead of 32. A value the analysis no longer has (say the load of a
 * session now excluded from load) is written as NULL, not kept from the earlier analysis.
 */
function analysisStatements(d1: D1Database, runnerId: string, items: Array<{ stats: StoredStats; efforts: BestEffortRow[]; summary: Record<string, unknown> }>): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  const update = STATS_COLUMNS.filter((c) => c !== 'session_id').map((c) => `${c} = excluded.${c}`).join(', ');
  for (const part of chunk(items, STATS_ROWS_PER_UPSERT)) {
    out.push(d1.prepare(`INSERT INTO session_stats (${STATS_COLUMNS.join(', ')}) VALUES ${valueRows(STATS_COLUMNS.length, part.length)} ON CONFLICT (session_id) DO UPDATE SET ${update}`)
      .bind(...part.flatMap(({ stats, summary }) => [
        stats.sessionId, stats.runnerId, stats.algorithmVersion, stats.sport ?? null, stats.startTime ?? null, stats.localDate ?? null,
        stats.distanceM ?? null, stats.movingS ?? null, stats.timerS ?? null, stats.load ?? null, JSON.stringify(summary), stats.computedAt, STATS_DETAIL_LAYOUT,
      ])));
  }
  // the session row shows the totals by the one rule (docs/session-totals.md): list = page = API
  for (const { stats } of items) {
    const totals = (stats.stats as { totals?: { distanceM?: number; timerS?: number; elapsedS?: number; avgHr?: number } }).totals;
    if (!totals) continue;
    out.push(d1.prepare('UPDATE sessions SET distance_m = ?, timer_s = ?, elapsed_s = ?, avg_hr = ? WHERE runner_id = ? AND id = ?')
      .bind(totals.distanceM ?? null, totals.timerS ?? null, totals.elapsedS ?? null, totals.avgHr ?? null, runnerId, stats.sessionId));
  }
  for (const part of chunk(items.map((i) => i.stats.sessionId), IN_LIST_MAX)) {
    out.push(d1.prepare(`DELETE FROM best_efforts WHERE runner_id = ? AND session_id IN (${placeholders(part.length)})`).bind(runnerId, ...part));
  }
  for (const part of chunk(items.flatMap((i) => i.efforts), EFFORT_ROWS_PER_INSERT)) {
    out.push(d1.prepare(`INSERT INTO best_efforts (${EFFORT_COLUMNS.join(', ')}) VALUES ${valueRows(EFFORT_COLUMNS.length, part.length)}`)
      .bind(...part.flatMap((e) => [e.runnerId, e.sessionId, e.distanceM, e.timeS, e.achievedAt ?? null, e.startOffsetS ?? null])));
  }
  return out;
}
