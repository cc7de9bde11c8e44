/**
 * Analyse one session (a chain step): read its records back from Parquet, compute the
 * statistics (ALGORITHMS.md §1) under the runner's profile, and store the statistics and the
 * session's best efforts together. Re-running it replaces both (idempotent).
 */
import type { AnalyseSessionMessage } from '../contracts/queue-messages';
import type { StepOutcome } from '../core/chain/steps';
import type { FitEvent, FitTotals } from '../core/fit/types';
import { computeLocalDate } from '../core/history';
import { computeSessionStats, type RunnerProfile as MetricsProfile } from '../core/metrics';
import { readRecordColumns } from '../core/parquet/read-columns';
import type { AnalysisStore, BlobStore, Clock, Faults, RunnerRepo, SessionRepo } from '../ports';
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
  const runner = await deps.runners.findById(task.runnerId);
  const size = await deps.blobs.size(session.recordsKey);
  if (size === null) return { status: 'failed', code: 'records_missing', message: 'The session has no stored record stream to analyse.' };
  const records = await readRecordColumns(blobRecordsFile(deps.blobs, session.recordsKey, size));
  const cs = await deps.analysis.getCriticalSpeed(task.runnerId);
  const profile: MetricsProfile = {
    maxHr: runner?.maxHr, restingHr: runner?.restingHr, thresholdHr: runner?.thresholdHr, zoneModel: runner?.zoneModel,
    thresholdSpeedMps: typeof cs?.result.csMps === 'number' ? cs.result.csMps : undefined,
  };
  const stats = computeSessionStats({
    records, sport: session.sport, subSport: session.subSport, profile,
    events: (session.events ?? []) as FitEvent[], device: session.device as FitTotals,
  });
  const startTime = session.startTime;
  const localDate = startTime === undefined ? undefined : computeLocalDate(startTime, runner?.timeZone ?? 'UTC');
  const efforts = countsForBests(session.sport) && startTime !== undefined
    ? (stats.bestEfforts ?? []).map((e) => ({ runnerId: task.runnerId, sessionId: session.id, distanceM: e.distanceM, timeS: e.timeS, achievedAt: startTime, startOffsetS: e.startS }))
    : [];
  await deps.analysis.saveSessionAnalysis({
    sessionId: session.id, runnerId: task.runnerId, algorithmVersion: stats.algorithmVersion, sport: session.sport, startTime, localDate,
    distanceM: stats.distanceM, movingS: stats.movingS, timerS: stats.timerS, load: stats.load?.value,
    stats: stats as unknown as Record<string, unknown>, computedAt: deps.clock.now(),
  }, efforts);
  return { status: 'succeeded', result: { bestEfforts: efforts.length } };
}
