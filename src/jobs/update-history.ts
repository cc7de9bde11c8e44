/**
 * Update the runner's history once per batch (an exclusive chain step): daily volume and
 * load with fitness, fatigue and form (ALGORITHMS.md §4), in the runner's time zone, up to
 * today. The whole history is recomputed (10 years take ~20 ms) and only changed days are
 * written, so a new session today writes a handful of rows. Then every active plan of the runner
 * is re-planned from the new history (issue 17; jobs/replan.ts), in jobs of its own.
 */
import type { UpdateHistoryMessage } from '../contracts/queue-messages';
import type { StepOutcome } from '../core/chain/steps';
import { computeHistory } from '../core/history';
import { computeLocalDate } from '../core/history/local-date';
import type { AnalysisStore, Clock, RunnerRepo } from '../ports';
import { scheduleReplans, type ReplanDeps } from './replan';

export interface HistoryDeps {
  analysis: AnalysisStore;
  runners: RunnerRepo;
  clock: Clock;
}

export async function updateHistory(task: Pick<UpdateHistoryMessage, 'runnerId'> & { jobId?: string }, deps: HistoryDeps, replan?: ReplanDeps): Promise<StepOutcome> {
  const runner = await deps.runners.findById(task.runnerId);
  const timeZone = runner?.timeZone ?? 'UTC';
  // A fixed order: sums of floats depend on it, and the same sessions must give the same history
  // whatever order their analyses finished in.
  // History never runs past today: a session dated later (imported before implausible_time
  // existed, or a day ahead in another zone) waits until its day comes.
  const now = deps.clock.now();
  const today = computeLocalDate(now, timeZone);
  const rows = (await deps.analysis.listStatsForHistory(task.runnerId))
    .filter((s) => s.startTime !== undefined && (s.localDate ?? computeLocalDate(s.startTime, timeZone)) <= today)
    .sort((a, b) => a.startTime! - b.startTime! || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  const history = computeHistory(
    rows.map((s) => ({ sessionId: s.sessionId, sport: s.sport, startTime: s.startTime!, localDate: s.localDate, distanceM: s.distanceM, timeS: s.movingS ?? s.timerS, load: s.load })),
    { timeZone, today: now },
  );
  const days = history.days.map(({ date, distanceM, timeS, sessions, load, ctl, atl, tsb, bySport }) => ({ date, distanceM, timeS, sessions, load, ctl, atl, tsb, ...(bySport ? { bySport } : {}) }));
  const written = await deps.analysis.writeHistory(task.runnerId, days);
  // Idempotent enough for a redelivered step: a second set of revisions re-optimises the same state.
  const replans = replan ? await scheduleReplans(task.runnerId, today, task.jobId, replan) : [];
  return { status: 'succeeded', result: { days: days.length, ...written, ...(replans.length > 0 ? { replanJobs: replans } : {}) } };
}
