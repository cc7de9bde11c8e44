/**
 * Backtest of the race predictions on the runner's own past races (issue 17 item 4): each race is
 * predicted by the CS fit of the efforts BEFORE its session started (same §3.2 selection, the
 * lookback ending at the race), with the §3.4 hybrid and the 80 % interval of
 * prediction-interval.ts; the error is (predicted − actual)/actual.
 *
 * What counts as a race. Pacelab has no "race" mark on sessions yet, so a race is a best effort at a
 * standard distance of a mile or more that was the whole session: the session's distance is at most
 * 3 % over it (GPS on a measured course reads 1–2 % long) and the effort takes ≥ 90 % of the
 * session's timer. A race with a warm-up recorded in the same session does not count; a hard solo
 * 5 km run as its own session does — both are the honest reading of "the data says you ran a 5 km
 * flat out". One race per session (the longest such distance).
 */
import { fitCriticalSpeed } from './fit-critical-speed';
import type { BacktestRace, CsBacktest, CsEffortInput, RaceEffort } from './types';

const MILE_M = 1609.344;
export const RACE_DISTANCES_M: readonly number[] = [MILE_M, 3000, 5000, 10000, 15000, 21097.5, 30000, 42195];
const MAX_OVER_DISTANCE = 1.03;
const MIN_TIMER_SHARE = 0.9;
/** the summary speaks of the latest races predicted; older ones are history */
export const BACKTEST_MAX_RACES = 6;
/** races tried, newest first, before giving up on finding efforts before them */
const MAX_RACES_TRIED = 12;

export interface SessionTotals {
  sessionId: string;
  distanceM?: number;
  timerS?: number;
  startTime?: number;
}

export function findRaces(efforts: readonly CsEffortInput[], sessions: readonly SessionTotals[]): RaceEffort[] {
  const byId = new Map(sessions.map((s) => [s.sessionId, s]));
  const best = new Map<string, RaceEffort>();
  for (const e of efforts) {
    const s = byId.get(e.sessionId);
    if (!s || s.distanceM === undefined || s.timerS === undefined || s.startTime === undefined) continue;
    if (!RACE_DISTANCES_M.some((d) => Math.abs(d - e.distanceM) < 1)) continue;
    if (s.distanceM > e.distanceM * MAX_OVER_DISTANCE || e.timeS < MIN_TIMER_SHARE * s.timerS) continue;
    const cur = best.get(e.sessionId);
    if (!cur || e.distanceM > cur.distanceM) best.set(e.sessionId, { sessionId: e.sessionId, distanceM: e.distanceM, timeS: e.timeS, startMs: s.startTime });
  }
  return [...best.values()].sort((a, b) => a.startMs - b.startMs || (a.sessionId < b.sessionId ? -1 : 1));
}

function effortMs(e: CsEffortInput): number | undefined {
  if (e.achievedAt === undefined) return undefined;
  return typeof e.achievedAt === 'number' ? e.achievedAt : Date.parse(e.achievedAt);
}

/** Predicts one race from the efforts strictly before its session; undefined when they cannot be fitted. */
export function predictRaceFromBefore(efforts: readonly CsEffortInput[], race: RaceEffort): BacktestRace | undefined {
  const before = efforts.filter((e) => {
    const ms = effortMs(e);
    return ms !== undefined && ms < race.startMs && e.sessionId !== race.sessionId;
  });
  const fit = fitCriticalSpeed(before, { asOf: race.startMs - 1, predictionDistancesM: [race.distanceM] });
  if (fit.status === 'insufficient_data') return undefined;
  const p = fit.predictions[0];
  if (!p || p.lowS === undefined || p.highS === undefined) return undefined;
  return {
    ...race, predictedS: p.timeS, lowS: p.lowS, highS: p.highS,
    errorPct: ((p.timeS - race.timeS) / race.timeS) * 100,
    inside: race.timeS >= p.lowS && race.timeS <= p.highS,
  };
}

export function backtestRacePredictions(efforts: readonly CsEffortInput[], sessions: readonly SessionTotals[]): CsBacktest {
  const races = findRaces(efforts, sessions);
  const predicted: BacktestRace[] = [];
  for (const race of races.slice(-MAX_RACES_TRIED).reverse()) {
    const r = predictRaceFromBefore(efforts, race);
    if (r) predicted.push(r);
    if (predicted.length === BACKTEST_MAX_RACES) break;
  }
  predicted.reverse();
  const out: CsBacktest = { races: predicted, racesFound: races.length };
  if (predicted.length >= 2) {
    const abs = predicted.map((r) => Math.abs(r.errorPct));
    out.summary = {
      n: predicted.length,
      meanAbsErrorPct: abs.reduce((a, x) => a + x, 0) / abs.length,
      maxAbsErrorPct: Math.max(...abs),
      inside: predicted.filter((r) => r.inside).length,
    };
  }
  return out;
}

/** "Within 1.8 % on average on your last 4 races (at most 3.1 %; 3 of 4 inside the range)." */
export function describeBacktest(b: CsBacktest | undefined): string | undefined {
  const s = b?.summary;
  if (!s) return undefined;
  return `Within ${s.meanAbsErrorPct.toFixed(1)} % on average on your last ${s.n} races (at most ${s.maxAbsErrorPct.toFixed(1)} %; ${s.inside} of ${s.n} inside the range), each predicted only from runs before it.`;
}
