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
  const analysis = buildSessionAnalysis(session, records, context, deps.clock.now());
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
 * Statistics and best efforts of one session from its records as stored (read back from its
 * Parquet, so the importer's inline analysis and this step give the same numbers).
 */
export function buildSessionAnalysis(
  session: Pick<SessionRow, 'id' | 'runnerId' | 'sport' | 'subSport' | 'startTime' | 'events' | 'device'>,
  records: RecordColumns, context: AnalysisContext, now: number,
): { stats: StoredStats; efforts: BestEffortRow[] } {
  const stats = computeSessionStats({
    records, sport: session.sport, subSport: session.subSport, profile: context.profile,
    events: (session.events ?? []) as FitEvent[], device: session.device as FitTotals,
  });
  const startTime = session.startTime;
  const localDate = startTime === undefined ? undefined : computeLocalDate(startTime, context.timeZone);
  const efforts = countsForBests(session.sport) && startTime !== undefined
    ? (stats.bestEfforts ?? []).map((e) => ({ runnerId: session.runnerId, sessionId: session.id, distanceM: e.distanceM, timeS: e.timeS, achievedAt: startTime, startOffsetS: e.startS }))
    : [];
  return {
    stats: {
      sessionId: session.id, runnerId: session.runnerId, algorithmVersion: stats.algorithmVersion, sport: session.sport, startTime, localDate,
      distanceM: stats.distanceM, movingS: stats.movingS, timerS: stats.timerS, load: stats.load?.value,
      stats: stats as unknown as Record<string, unknown>, computedAt: now,
    },
    efforts,
  };
}
