/**
 * Saving a group of analyses (analysis-store.ts saveSessionAnalyses): the statistics rows
 * upserted several at a time, each session row's totals, the best efforts replaced. More sessions
 * than one statement's rows, re-saved with fewer efforts and no load: every row replaced, nothing
 * kept from the earlier analysis, nothing of another session touched.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createAnalysisStore } from '../../src/adapters/d1/analysis-store';
import { createShardResolver, readShardBindings } from '../../src/adapters/d1/shards';
import { createR2BlobStore } from '../../src/adapters/r2-blob-store';
import type { StoredStats } from '../../src/ports';
import { corpusFile, hasCorpus, shardDb, signup, uploadFiles, waitForJob } from './helpers';

const RUNS = ['run-coros-power.fit', 'run-garmin-fenix5-tiny.fit', 'run-garmin-fenix5x-developer-fields.fit', 'run-garmin-fr110-2013.fit',
  'run-garmin-fr645m-hr-gps.fit', 'run-garmin-fr70-compressed-timestamps.fit', 'run-garmin-fr945-treadmill.fit',
  'run-garmin-fr965-hr-power-dynamics.fit', 'run-stryd-power-developer-fields.fit', 'run-suunto-move.fit'];

interface EffortRow { session_id: string; distance_m: number; time_s: number }

describe.skipIf(!hasCorpus())('saving a group of session analyses', () => {
  it('replaces statistics, totals and best efforts of more sessions than one statement holds', async () => {
    const { token, runnerId } = await signup();
    const up = await uploadFiles(token, RUNS.map((name) => ({ name, bytes: corpusFile(name) })));
    expect(up.status).toBe(202);
    const job = await waitForJob(token, up.body.job.id);
    const ids = job.files.flatMap((f) => f.sessionIds ?? []);
    expect(ids.length).toBeGreaterThanOrEqual(8); // more than the 7 rows of one statistics statement
    const db = await shardDb(runnerId);
    const efforts = async () => (await db.prepare('SELECT session_id, distance_m, time_s FROM best_efforts WHERE runner_id = ? ORDER BY session_id, distance_m')
      .bind(runnerId).all<EffortRow>()).results;

    // as imported: one statistics row per session, its efforts as its statistics list them
    const store = createAnalysisStore(createShardResolver(readShardBindings(env)), createR2BlobStore(env.FILES));
    const before = await Promise.all(ids.map(async (id) => (await store.getStats(runnerId, id))!));
    const imported = await efforts();
    let withEfforts = 0;
    for (const [i, id] of ids.entries()) {
      const listed = ((before[i]!.stats as { bestEfforts?: Array<{ distanceM: number; timeS: number }> }).bestEfforts ?? []).map((e) => [e.distanceM, e.timeS]);
      const rows = imported.filter((e) => e.session_id === id).map((e) => [e.distance_m, e.time_s]);
      // a session kept out of bests (a treadmill run, no real start time) lists efforts but stores none
      if (rows.length > 0) { withEfforts++; expect(rows).toEqual(listed.sort((a, b) => a[0]! - b[0]!)); }
    }
    expect(withEfforts).toBeGreaterThanOrEqual(5);

    // re-saved in one group: a new version, no load, new totals, at most one effort each
    const stored: Array<{ stats: StoredStats; efforts: Array<{ runnerId: string; sessionId: string; distanceM: number; timeS: number; achievedAt?: number; startOffsetS?: number }> }> =
      before.map((got, i) => {
        const { sessionId, runnerId: owner, algorithmVersion, sport, startTime, localDate, distanceM, movingS, timerS, stats } = got as unknown as StoredStats;
        const totals = { distanceM: 1000 + i, timerS: 600 + i, elapsedS: 700 + i, avgHr: 140 + i };
        return {
          stats: { sessionId, runnerId: owner, algorithmVersion: algorithmVersion + 1, sport, startTime, localDate, distanceM, movingS, timerS, load: undefined, stats: { ...stats, totals }, computedAt: 42 },
          efforts: i % 2 === 0 ? [{ runnerId, sessionId: ids[i]!, distanceM: 1000, timeS: 300 + i, achievedAt: startTime, startOffsetS: 5 }] : [],
        };
      });
    await store.saveSessionAnalyses(stored);

    const rows = (await db.prepare('SELECT session_id, algorithm_version, load, computed_at, detail FROM session_stats WHERE runner_id = ?').bind(runnerId)
      .all<{ session_id: string; algorithm_version: number; load: number | null; computed_at: number; detail: number }>()).results;
    expect(rows).toHaveLength(ids.length);
    for (const [i, id] of ids.entries()) {
      const row = rows.find((r) => r.session_id === id)!;
      expect(row).toMatchObject({ algorithm_version: (before[i] as unknown as StoredStats).algorithmVersion + 1, load: null, computed_at: 42, detail: 1 });
    }
    const sessions = (await db.prepare(`SELECT id, distance_m, timer_s, elapsed_s, avg_hr FROM sessions WHERE runner_id = ?`).bind(runnerId)
      .all<{ id: string; distance_m: number; timer_s: number; elapsed_s: number; avg_hr: number }>()).results;
    for (const [i, id] of ids.entries()) {
      expect(sessions.find((s) => s.id === id)).toEqual({ id, distance_m: 1000 + i, timer_s: 600 + i, elapsed_s: 700 + i, avg_hr: 140 + i });
    }
    expect(await efforts()).toEqual(ids.flatMap((id, i) => (i % 2 === 0 ? [{ session_id: id, distance_m: 1000, time_s: 300 + i }] : []))
      .sort((a, b) => (a.session_id < b.session_id ? -1 : 1)));
    // the joined statistics read back with the new totals (the detail object was rewritten too)
    expect(((await store.getStats(runnerId, ids[0]!))!.stats as { totals?: unknown }).totals).toEqual({ distanceM: 1000, timerS: 600, elapsedS: 700, avgHr: 140 });
  });
});
