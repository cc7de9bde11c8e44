/**
 * The facts a plan needs from the runner's analysis tables: the last daily_history row before
 * today (CTL/ATL), the daily loads of the 3 weeks before today, the biggest session load of 90
 * days (session_stats) and the critical speed fit. Four small indexed reads in one batch.
 */
import { and, desc, eq, gte, lt, max } from 'drizzle-orm';
import { formatIsoDay, parseIsoDay } from '../../core/plan';
import type { CsEffortRef } from '../../core/plan';
import type { PlanHistoryFacts, PlanHistorySource } from '../../ports';
import { describeBacktest, type CsBacktest, type CsSpread } from '../../core/critical-speed';
import type { ShardResolver } from './db';
import { bestEfforts, criticalSpeed, dailyHistory, sessionStats } from './schema';

/** How far back the runner's own model is fitted. */
const FIT_WINDOW_DAYS = 365;

export function createPlanHistorySource(shards: ShardResolver): PlanHistorySource {
  return {
    async read(runnerId, today) {
      const db = await shards.dbFor(runnerId);
      const day = parseIsoDay(today) as number;
      const since21 = formatIsoDay(day - 21);
      const since90 = formatIsoDay(day - 90);
      const sinceYear = formatIsoDay(day - FIT_WINDOW_DAYS);
      const [last, days, biggest, cs, loads, efforts] = await db.batch([
        db.select({ date: dailyHistory.date, ctl: dailyHistory.ctl, atl: dailyHistory.atl }).from(dailyHistory)
          .where(and(eq(dailyHistory.runnerId, runnerId), lt(dailyHistory.date, today))).orderBy(desc(dailyHistory.date)).limit(1),
        db.select({ date: dailyHistory.date, load: dailyHistory.load }).from(dailyHistory)
          .where(and(eq(dailyHistory.runnerId, runnerId), gte(dailyHistory.date, since21), lt(dailyHistory.date, today))),
        db.select({ load: max(sessionStats.load) }).from(sessionStats)
          .where(and(eq(sessionStats.runnerId, runnerId), gte(sessionStats.localDate, since90), lt(sessionStats.localDate, today))),
        db.select({ csMps: criticalSpeed.csMps, dPrimeM: criticalSpeed.dPrimeM, resultJson: criticalSpeed.resultJson }).from(criticalSpeed).where(eq(criticalSpeed.runnerId, runnerId)),
        // For the runner's own Banister model (§4.4): a year of daily loads and of best efforts.
        db.select({ date: dailyHistory.date, load: dailyHistory.load }).from(dailyHistory)
          .where(and(eq(dailyHistory.runnerId, runnerId), gte(dailyHistory.date, sinceYear), lt(dailyHistory.date, today))),
        db.select({ distanceM: bestEfforts.distanceM, timeS: bestEfforts.timeS, achievedAt: bestEfforts.achievedAt }).from(bestEfforts)
          .where(and(eq(bestEfforts.runnerId, runnerId), gte(bestEfforts.achievedAt, (day - FIT_WINDOW_DAYS) * 86_400_000), lt(bestEfforts.achievedAt, day * 86_400_000))),
      ]);
      const fit = cs[0];
      const measured = fit?.csMps != null && fit.csMps > 0;
      return {
        loadsYear: loads,
        effortsYear: efforts.filter((e) => e.achievedAt !== null).map((e) => ({ distanceM: e.distanceM, timeS: e.timeS, date: formatIsoDay(Math.floor((e.achievedAt as number) / 86_400_000)) })),
        csEfforts: measured ? effortsOf(fit.resultJson) : undefined,
        ...(measured ? spreadOf(fit.resultJson) : {}),
        last: last[0],
        days,
        maxSessionLoad90d: biggest[0]?.load ?? undefined,
        csMps: fit?.csMps != null && fit.csMps > 0 ? fit.csMps : undefined,
        dPrimeM: fit?.csMps != null && fit.dPrimeM != null && fit.dPrimeM >= 0 ? fit.dPrimeM : undefined,
      };
    },
  };
}

/** The efforts the stored CS fit used (result_json.efforts), reduced to what a plan shows. */
function effortsOf(resultJson: string): CsEffortRef[] {
  try {
    const parsed = JSON.parse(resultJson) as { efforts?: Array<Record<string, unknown>> };
    return (parsed.efforts ?? [])
      .filter((e) => typeof e.distanceM === 'number' && typeof e.timeS === 'number' && typeof e.sessionId === 'string')
      .map((e) => ({ distanceM: e.distanceM as number, timeS: e.timeS as number, sessionId: e.sessionId as string, ...(typeof e.achievedAt === 'string' ? { achievedAt: e.achievedAt } : {}) }));
  } catch {
    return []; // an unreadable row still gives CS; the plan then lists no efforts
  }
}

/** The fit's spread and backtest sentence (result_json.spread, .backtest), when the row has them. */
function spreadOf(resultJson: string): Pick<PlanHistoryFacts, 'csSpread' | 'csBacktest'> {
  try {
    const parsed = JSON.parse(resultJson) as { spread?: CsSpread; backtest?: CsBacktest };
    const s = parsed.spread;
    const out: Pick<PlanHistoryFacts, 'csSpread' | 'csBacktest'> = {};
    if (s && typeof s.n === 'number' && typeof s.meanTimeS === 'number' && typeof s.sttS2 === 'number') out.csSpread = s;
    const sentence = describeBacktest(parsed.backtest);
    if (sentence) out.csBacktest = sentence;
    return out;
  } catch {
    return {};
  }
}
