/**
 * The runner's state for a plan (ALGORITHMS.md §5.2 inputs) from their history and critical
 * speed, with explicit defaults when something is missing, and notes that say which.
 * CTL/ATL are the morning of `today`: the last stored day's values decayed over the empty days
 * since (§4.3: (1 − α)^m = e^(−m/τ)).
 */
import { fitBanister, performanceIndexOf } from '../core/banister';
import { DEFAULT_D_PRIME_M, parseIsoDay } from '../core/plan';
import type { AthleteState } from '../core/plan';
import type { PlanHistoryFacts } from '../ports';

/** A runner with no recent training is assumed to run ≈ 150 AU a week (≈ 3 h easy). */
export const DEFAULT_WEEKLY_LOAD = 150;

const TAU_CTL = 42;
const TAU_ATL = 7;

export function deriveAthleteState(facts: PlanHistoryFacts, today: string): { athlete: AthleteState; notes: string[] } {
  const todayDay = parseIsoDay(today) as number;
  const notes: string[] = [];
  const weeks: [number, number, number] = [0, 0, 0];
  for (const d of facts.days) {
    const ago = todayDay - (parseIsoDay(d.date) ?? todayDay);
    if (ago >= 1 && ago <= 21) weeks[2 - Math.floor((ago - 1) / 7)] += d.load;
  }
  let ctl: number;
  let atl: number;
  const lastDay = facts.last ? parseIsoDay(facts.last.date) : undefined;
  if (facts.last && lastDay !== undefined && lastDay < todayDay) {
    const gap = todayDay - 1 - lastDay;
    ctl = facts.last.ctl * Math.exp(-gap / TAU_CTL);
    atl = facts.last.atl * Math.exp(-gap / TAU_ATL);
  } else {
    ctl = DEFAULT_WEEKLY_LOAD / 7;
    atl = DEFAULT_WEEKLY_LOAD / 7;
    notes.push('We have no runs from you yet, so the plan starts as if you ran about 3 hours a week, easy. Upload your recent runs and it will start from your real training.');
  }
  let recent = weeks;
  if (weeks[0] + weeks[1] + weeks[2] <= 0) {
    recent = [DEFAULT_WEEKLY_LOAD, DEFAULT_WEEKLY_LOAD, DEFAULT_WEEKLY_LOAD];
    if (notes.length === 0) notes.push('You have not run in the last 3 weeks, so the plan starts gently, as if you ran about 3 hours a week.');
  }
  const athlete: AthleteState = {
    ctl: Math.max(0, ctl), atl: Math.max(0, atl), recentWeeklyLoads: recent,
    csMps: facts.csMps ?? null, dPrimeM: facts.dPrimeM ?? null,
  };
  if (facts.csMps !== undefined && facts.csEfforts && facts.csEfforts.length > 0) athlete.csEfforts = facts.csEfforts;
  if (facts.csMps !== undefined && facts.csSpread) athlete.csSpread = facts.csSpread;
  if (facts.csMps !== undefined && facts.csBacktest) athlete.csBacktest = facts.csBacktest;
  const fit = fitOwnModel(facts, todayDay);
  if (fit) {
    athlete.modelFit = fit.summary;
    if (fit.params) athlete.model = fit.params;
  }
  if (facts.maxSessionLoad90d !== undefined && facts.maxSessionLoad90d > 0) athlete.maxSessionLoad90d = facts.maxSessionLoad90d;
  return { athlete, notes };
}

/**
 * The runner's own Banister model from a year of daily loads and weekly best performances (the
 * best effort of each week as the CS it implies, §4.4): used when the fit is supported, otherwise
 * the summary says why the textbook values stay.
 */
function fitOwnModel(facts: PlanHistoryFacts, todayDay: number): { params?: AthleteState['model']; summary: NonNullable<AthleteState['modelFit']> } | null {
  const loads = facts.loadsYear ?? [];
  if (loads.length === 0) return null;
  const firstDay = Math.min(...loads.map((d) => parseIsoDay(d.date) as number));
  const daily = new Array<number>(Math.max(0, todayDay - firstDay)).fill(0);
  for (const d of loads) {
    const i = (parseIsoDay(d.date) as number) - firstDay;
    if (i >= 0 && i < daily.length) daily[i] += d.load;
  }
  const dPrime = facts.dPrimeM ?? DEFAULT_D_PRIME_M;
  const weekly = new Map<number, { day: number; performance: number }>();
  for (const e of facts.effortsYear ?? []) {
    const day = parseIsoDay(e.date);
    const p = performanceIndexOf(e.distanceM, e.timeS, dPrime);
    if (day === undefined || p === undefined || day < firstDay) continue;
    const week = Math.floor((day - firstDay) / 7);
    const cur = weekly.get(week);
    if (!cur || p > cur.performance) weekly.set(week, { day, performance: p });
  }
  const fit = fitBanister({ firstDay, loads: daily, tests: [...weekly.values()] });
  const summary = { status: fit.status, r2: fit.r2, rmse: fit.rmse, tests: fit.tests, spanDays: fit.spanDays, ...(fit.reason ? { reason: fit.reason } : {}) };
  return fit.status === 'fitted' ? { params: { k1: fit.k1, k2: fit.k2, tau1: fit.tau1, tau2: fit.tau2 }, summary } : { summary };
}
