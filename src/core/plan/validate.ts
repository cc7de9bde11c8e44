/**
 * Plan-request validation, once and up front (STYLE habit 6): every failure is a DomainError with
 * code `invalid_plan_request`, a sentence a runner understands (what to pick instead), and the
 * offending field and value in `details` for API clients.
 */
import { DomainError } from '../errors';
import { parseIsoDay, WEEKDAYS } from './dates';
import type { AthleteState, PlanRequest, Weekday } from './types';

export interface CheckedRequest {
  todayDay: number;
  raceDay: number;
  /**
   * First plan day. With the race in the last week (the default): raceDay − 7·weeks + 1, so the
   * race is the 7th day of the last week; otherwise (the exact §5.3 decoder) raceDay − 7·weeks.
   */
  startDay: number;
  weeks: number;
  daysPerWeek: number;
  restDays: Weekday[];
  longRunDay: Weekday;
}

export const MIN_PLAN_WEEKS = 4;
export const MAX_PLAN_WEEKS = 30;

const NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

function fail(field: string, message: string, value?: unknown): never {
  throw new DomainError('invalid_plan_request', message, { details: value === undefined ? { field } : { field, value } });
}

function positive(v: unknown, field: string, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(field, `${what} must be a number above 0.`, v);
  return v;
}

export interface CheckOptions {
  /** the race is the last day of the last plan week (default true; false = the exact §5.3 timeline) */
  raceInLastWeek?: boolean;
}

export function checkPlanRequest(r: PlanRequest, options: CheckOptions = {}): CheckedRequest {
  if (r === null || typeof r !== 'object') fail('request', 'The plan request is empty.');
  const d = r.raceDistanceM;
  if (typeof d !== 'number' || !Number.isFinite(d) || d < 800 || d > 100_000) fail('raceDistanceM', 'Pick a race distance between 800 m and 100 km.', d);
  const todayDay = parseIsoDay(r.today);
  if (todayDay === undefined) fail('today', `Today's date is not a calendar date (${String(r.today)}).`, r.today);
  const raceDay = parseIsoDay(r.raceDate);
  if (raceDay === undefined) fail('raceDate', 'Pick a race date that exists on the calendar (YYYY-MM-DD).', r.raceDate);
  const gap = raceDay - todayDay;
  // A re-plan (revision ≥ 1) keeps a plan going to its race: down to the two taper weeks.
  const minWeeks = r.revision !== undefined && r.revision > 0 ? 2 : MIN_PLAN_WEEKS;
  if (gap < 7 * minWeeks - (r.revision ? 1 : 0)) fail('raceDate', `Pick a race date at least ${minWeeks} weeks away.`, r.raceDate);
  if (gap > 7 * MAX_PLAN_WEEKS + 6) fail('raceDate', `Pick a race date at most ${MAX_PLAN_WEEKS} weeks away.`, r.raceDate);
  const k = r.daysPerWeek;
  if (!Number.isInteger(k) || k < 3 || k > 7) fail('daysPerWeek', 'Choose 3 to 7 running days a week.', k);

  const restDays = r.restDays ?? [];
  if (!Array.isArray(restDays)) fail('restDays', 'Rest days must be a list of weekdays (mon … sun).', restDays);
  for (const day of restDays) if (!WEEKDAYS.includes(day)) fail('restDays', `"${String(day)}" is not a weekday: use mon, tue, wed, thu, fri, sat or sun.`, day);
  if (new Set(restDays).size !== restDays.length) fail('restDays', 'Each rest day can be picked only once.', restDays);
  if (7 - restDays.length < k) fail('daysPerWeek', `With ${restDays.length} rest days there are only ${7 - restDays.length} days left to run: choose fewer running days or fewer rest days.`, k);
  const longRunDay = r.longRunDay ?? 'sun';
  if (!WEEKDAYS.includes(longRunDay)) fail('longRunDay', `"${String(longRunDay)}" is not a weekday: use mon, tue, wed, thu, fri, sat or sun.`, longRunDay);
  if (restDays.includes(longRunDay)) fail('longRunDay', `${NAMES[longRunDay]} is one of your rest days: pick another day for the long run.`, longRunDay);

  const min = positive(r.minWeeklyLoad, 'minWeeklyLoad', 'The minimum weekly load');
  const max = positive(r.maxWeeklyLoad, 'maxWeeklyLoad', 'The maximum weekly load');
  if (min !== undefined && max !== undefined && !(min < max)) fail('maxWeeklyLoad', `The maximum weekly load (${max}) must be above the minimum (${min}).`, max);
  positive(r.maxSessionLoad, 'maxSessionLoad', 'The largest session load');
  if (r.seed !== undefined && (!Number.isInteger(r.seed) || r.seed < 0 || r.seed > 0xffffffff)) fail('seed', 'The seed must be a whole number from 0 to 4294967295.', r.seed);

  if (options.raceInLastWeek === false) {
    const weeks = Math.floor(gap / 7);
    return { todayDay, raceDay, startDay: raceDay - 7 * weeks, weeks, daysPerWeek: k, restDays: [...restDays], longRunDay };
  }
  const weeks = Math.min(MAX_PLAN_WEEKS, Math.floor((gap + 1) / 7));
  return { todayDay, raceDay, startDay: raceDay - 7 * weeks + 1, weeks, daysPerWeek: k, restDays: [...restDays], longRunDay };
}

export function checkAthleteState(a: AthleteState): void {
  if (a === null || typeof a !== 'object') fail('athlete', 'the athlete state must be an object');
  for (const f of ['ctl', 'atl'] as const) {
    if (typeof a[f] !== 'number' || !Number.isFinite(a[f]) || a[f] < 0) fail(`athlete.${f}`, `athlete.${f} must be a finite number ≥ 0, got ${String(a[f])}`);
  }
  const w = a.recentWeeklyLoads;
  if (!Array.isArray(w) || w.length !== 3 || w.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
    fail('athlete.recentWeeklyLoads', 'athlete.recentWeeklyLoads must be 3 finite weekly loads ≥ 0, oldest first');
  }
  positive(a.maxSessionLoad90d, 'athlete.maxSessionLoad90d', 'athlete.maxSessionLoad90d');
  if (a.csMps != null) positive(a.csMps, 'athlete.csMps', 'athlete.csMps');
  if (a.dPrimeM != null && (typeof a.dPrimeM !== 'number' || !Number.isFinite(a.dPrimeM) || a.dPrimeM < 0)) {
    fail('athlete.dPrimeM', `athlete.dPrimeM must be a finite number ≥ 0, got ${String(a.dPrimeM)}`);
  }
}
