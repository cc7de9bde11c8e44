/**
 * Analyse one session (a chain step): read its records back from Parquet, compute the
 * statistics (ALGORITHMS.md §1) under the runner's profile, and store the statistics and the
 * session's best efforts together. Re-running it replaces both (idempotent).
 */
import type { AnalyseSessionMessage } from '../contracts/queue-messages';
import type { StepOutcome } from '../core/chain/steps';
import type { FitEvent, FitTotals, RecordColumns } from '../core/fit/types';
import { computeLocalDate } from '../core/history';
import { computeSessionStats, type RunnerProfile as MetricsProfile } from '../core/metrics';
import type { SessionWindow } from '../core/fit/session-records';
import { hasOnlyAutoLaps, toLapTotals, type ActivityLap } from '../core/laps/activity-lap';
import { loadSessionLaps } from './session-laps';
import { loadSessionLengths } from './session-lengths';
import type { SwimLength } from '../core/swim/swim-length';
import { readRecordColumns } from '../core/parquet/read-columns';
import type { AnalysisStore, BestEffortRow, BlobStore, Clock, Faults, RunnerRepo, SessionRepo, SessionRow, StoredStats } from '../ports';
import { blobRecordsFile } from './blob-records-file';

export interface AnalysisDeps {
  blobs: BlobStore;
  sessions: SessionRepo;
  runners: RunnerRepo;
  analysis: AnalysisStore;
  clock: Clock;
  /** fault hooks at step boundaries (test and drill configs only) */
  faults?: Faults;
}

/** Best efforts feed personal bests and critical speed for running sessions only (§2). */
export function countsForBests(sport: string | undefined): boolean {
  return sport === 'running';
}

export async function analyseSession(task: AnalyseSessionMessage, deps: AnalysisDeps): Promise<StepOutcome> {
  await deps.faults?.hit('analyse', task.sessionId);
  const session = await deps.sessions.get(task.runnerId, task.sessionId);
  if (!session) return { status: 'succeeded', result: { skipped: 'session deleted' } };
  const size = await deps.blobs.size(session.recordsKey);
  if (size === null) return { status: 'failed', code: 'records_missing', message: 'The session has no stored record stream to analyse.' };
  const records = await readRecordColumns(blobRecordsFile(deps.blobs, session.recordsKey, size));
  const context = await loadAnalysisContext(task.runnerId, deps);
  const laps = await loadSessionLaps(deps.blobs, session).catch(() => undefined);
  const lengths = await loadSessionLengths(deps.blobs, session).catch(() => []);
  const analysis = buildSessionAnalysis(session, records, context, deps.clock.now(), laps ?? [], lengths);
  await deps.analysis.saveSessionAnalyses([analysis]);
  return { status: 'succeeded', result: { bestEfforts: analysis.efforts.length } };
}

/** What a session's statistics depend on beyond its records: the runner's profile and zone, the current CS. */
export interface AnalysisContext {
  profile: MetricsProfile;
  timeZone: string;
}

export async function loadAnalysisContext(runnerId: string, deps: Pick<AnalysisDeps, 'runners' | 'analysis'>): Promise<AnalysisContext> {
  const [runner, cs] = await Promise.all([deps.runners.findById(runnerId), deps.analysis.getCriticalSpeed(runnerId)]);
  return {
    profile: {
      maxHr: runner?.maxHr, restingHr: runner?.restingHr, thresholdHr: runner?.thresholdHr, zoneModel: runner?.zoneModel,
      thresholdSpeedMps: typeof cs?.result.csMps === 'number' ? cs.result.csMps : undefined,
    },
    timeZone: runner?.timeZone ?? 'UTC',
  };
}

/**
 * The session's window: stored at import (with the file's distance at its edges), or — for a
 * session imported before windows were stored — its start and length from the device totals.
 */
export function windowOf(device: Record<string, unknown>): SessionWindow | undefined {
  const w = device.window as SessionWindow | undefined;
  if (w && typeof w.startMs === 'number' && typeof w.endMs === 'number') return w;
  const start = (device.startTime ?? device.relativeStartTime) as number | undefined;
  const length = (device.totalElapsedTime ?? device.totalTimerTime) as number | undefined;
  return typeof start === 'number' && typeof length === 'number' ? { startMs: start, endMs: start + length * 1000 } : undefined;
}

/**
 * Statistics and best efforts of one session from its records as stored (read back from its
 * Parquet, so the importer's inline analysis and this step give the same numbers).
 */
export function buildSessionAnalysis(
  session: Pick<SessionRow, 'id' | 'runnerId' | 'sport' | 'subSport' | 'startTime' | 'events' | 'device'>,
  records: RecordColumns, context: AnalysisContext, now: number, laps: readonly ActivityLap[] = [], lengths: readonly SwimLength[] = [],
): { stats: StoredStats; efforts: BestEffortRow[] } {
  const stats = computeSessionStats({
    records, sport: session.sport, subSport: session.subSport, profile: context.profile,
    events: (session.events ?? []) as FitEvent[], device: session.device as FitTotals,
    window: windowOf(session.device), laps: toLapTotals(laps), lengths, detectIntervals: hasOnlyAutoLaps(laps),
  });
  // a device-relative clock (1990 dates) has no real start: none is printed
  if ((session.device as { startTimeUnknown?: boolean }).startTimeUnknown) delete stats.startTime;
  const startTime = session.startTime;
  const localDate = startTime === undefined ? undefined : computeLocalDate(startTime, context.timeZone);
  const efforts = countsForBests(session.sport) && startTime !== undefined && !stats.excludedFromBests
    ? (stats.bestEfforts ?? []).map((e) => ({ runnerId: session.runnerId, sessionId: session.id, distanceM: e.distanceM, timeS: e.timeS, achievedAt: startTime, startOffsetS: e.startS }))
    : [];
  return {
    stats: {
      sessionId: session.id, runnerId: session.runnerId, algorithmVersion: stats.algorithmVersion, sport: session.sport, startTime, localDate,
      // the session's totals by the one rule feed the history's volume; flagged records no load
      distanceM: stats.totals?.distanceM, movingS: stats.movingS, timerS: stats.totals?.timerS,
      load: stats.excludedFromLoad ? undefined : stats.load?.value,
      stats: stats as unknown as Record<string, unknown>, computedAt: now,
    },
    efforts,
  };
}
