/**
 * Refresh personal bests and critical speed for a runner (an exclusive chain step: one at a
 * time per runner). Bests are recomputed from every stored best effort — never patched — so a
 * deletion, a re-analysis or a session left out of records keeps them right; critical speed is
 * refitted when a best that feeds it changed, or when there is no fit yet. Only sessions that
 * count for records feed either (outdoor runs by default: core/bests/records-eligibility.ts).
 */
import type { RefreshBestsMessage } from '../contracts/queue-messages';
import { computePersonalBests, diffPersonalBests, recordsEligibility, type PersonalBests } from '../core/bests';
import type { StepOutcome } from '../core/chain/steps';
import { backtestRacePredictions, fitCriticalSpeed } from '../core/critical-speed';
import type { AnalysisStore, Clock } from '../ports';

export interface BestsDeps {
  analysis: AnalysisStore;
  clock: Clock;
}

export async function refreshBests(task: Pick<RefreshBestsMessage, 'runnerId'>, deps: BestsDeps): Promise<StepOutcome> {
  // A fixed order (least-squares sums depend on it): same efforts, same fit, whatever order they were stored in.
  const efforts = (await deps.analysis.listBestEfforts(task.runnerId))
    .filter((e) => e.achievedAt !== undefined && recordsEligibility(e).counts)
    .sort((a, b) => a.distanceM - b.distanceM || a.achievedAt! - b.achievedAt! || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  const before: PersonalBests = {
    items: (await deps.analysis.getPersonalBests(task.runnerId)).map((b) => ({
      distanceM: b.distanceM, timeS: b.timeS, sessionId: b.sessionId, history: b.history,
      achievedAt: new Date(b.achievedAt ?? 0).toISOString(),
    })),
  };
  const after = computePersonalBests(efforts.map((e) => ({ sessionId: e.sessionId, distanceM: e.distanceM, timeS: e.timeS, achievedAt: e.achievedAt! })));
  const now = deps.clock.now();
  const changes = diffPersonalBests(before, after);
  if (changes.changedDistancesM.length > 0 || before.items.length !== after.items.length) {
    await deps.analysis.replacePersonalBests(task.runnerId, after.items.map((b) => ({ ...b, achievedAt: Date.parse(b.achievedAt) })), now);
  }
  // The fit is refitted every time (one linear pass over the efforts, then a tiny fit): it takes the best effort
  // per distance inside its lookback window, which need not be an all-time best, so a session
  // deleted or left out of records can change it without changing any personal best.
  const existing = await deps.analysis.getCriticalSpeed(task.runnerId);
  const inputs = efforts.map((e) => ({ distanceM: e.distanceM, timeS: e.timeS, sessionId: e.sessionId, achievedAt: e.achievedAt }));
  const result = fitCriticalSpeed(inputs);
  // The runner's past races, each predicted from the runs before it (core/critical-speed/backtest.ts).
  if (result.status !== 'insufficient_data') {
    const backtest = backtestRacePredictions(inputs, await deps.analysis.listStatsForHistory(task.runnerId));
    if (backtest.racesFound > 0) result.backtest = backtest;
  }
  const refitted = !existing || JSON.stringify(existing.result) !== JSON.stringify(result);
  if (refitted) await deps.analysis.saveCriticalSpeed(task.runnerId, result as unknown as Record<string, unknown>, now);
  return { status: 'succeeded', result: { changedDistancesM: changes.changedDistancesM, criticalSpeedRefitted: refitted } };
}
