/**
 * Plan-request validation, once and up front (STYLE habit 6): every failure is a DomainError with
 * code `invalid_plan_request` and a sentence naming the field and the value.
 */
import { DomainError } from '../errors';
import { parseIsoDay, WEEKDAYS } from './dates';
import type { AthleteState, PlanRequest, Weekday } from './types';

export interface CheckedRequest {
  todayDay: number;
  raceDay: number;
  /** Plan start: raceDay − 7·weeks (≥ today), so the race is the morning after the last plan day. */
  startDay: number;
  weeks: number;
  daysPerWeek: number;
  restDays: Weekday[];
  longRunDay: Weekday;
}

export const MIN_PLAN_WEEKS = 4;
export const MAX_PLAN_WEEKS = 30;

function fail(field: string, message: string): never {
  throw new DomainError('invalid_plan_request', message, { details: { field } });
}

function positive(v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(field, `${field} must be a finite number > 0, got ${String(v)}`);
  return v;
}

export function checkPlanRequest(r: PlanRequest): CheckedRequest {
  if (r === null || typeof r !== 'object') fail('request', 'the plan request must be an object');
  const d = r.raceDistanceM;
  if (typeof d !== 'number' || !Number.isFinite(d) || d < 800 || d > 100_000) fail('raceDistanceM', `raceDistanceM must be between 800 and 100000 metres, got ${String(d)}`);
  const todayDay = parseIsoDay(r.today);
  if (todayDay === undefined) fail('today', `today must be a calendar date YYYY-MM-DD, got ${String(r.today)}`);
  const raceDay = parseIsoDay(r.raceDate);
  if (raceDay === undefined) fail('raceDate', `raceDate must be a calendar date YYYY-MM-DD, got ${String(r.raceDate)}`);
  const gap = raceDay - todayDay;
  if (gap < 7 * MIN_PLAN_WEEKS) fail('raceDate', `raceDate must be at least ${7 * MIN_PLAN_WEEKS} days after today (${r.today}), got ${gap}`);
  if (gap > 7 * MAX_PLAN_WEEKS + 6) fail('raceDate', `raceDate must be at most ${7 * MAX_PLAN_WEEKS + 6} days (${MAX_PLAN_WEEKS} weeks) after today (${r.today}), got ${gap}`);
  const k = r.daysPerWeek;
  if (!Number.isInteger(k) || k < 3 || k > 7) fail('daysPerWeek', `daysPerWeek must be an integer from 3 to 7, got ${String(k)}`);

  const restDays = r.restDays ?? [];
  if (!Array.isArray(restDays)) fail('restDays', 'restDays must be an array of weekdays (mon … sun)');
  for (const day of restDays) if (!WEEKDAYS.includes(day)) fail('restDays', `restDays must contain weekdays mon … sun, got ${String(day)}`);
  if (new Set(restDays).size !== restDays.length) fail('restDays', 'restDays must not repeat a day');
  if (7 - restDays.length < k) fail('daysPerWeek', `daysPerWeek (${k}) exceeds the ${7 - restDays.length} days left after restDays`);
  const longRunDay = r.longRunDay ?? 'sun';
  if (!WEEKDAYS.includes(longRunDay)) fail('longRunDay', `longRunDay must be a weekday mon … sun, got ${String(longRunDay)}`);
  if (restDays.includes(longRunDay)) fail('longRunDay', `longRunDay (${longRunDay}) is one of the restDays`);

  const min = positive(r.minWeeklyLoad, 'minWeeklyLoad');
  const max = positive(r.maxWeeklyLoad, 'maxWeeklyLoad');
  if (min !== undefined && max !== undefined && !(min < max)) fail('maxWeeklyLoad', `maxWeeklyLoad (${max}) must be greater than minWeeklyLoad (${min})`);
  positive(r.maxSessionLoad, 'maxSessionLoad');
  if (r.seed !== undefined && (!Number.isInteger(r.seed) || r.seed < 0 || r.seed > 0xffffffff)) fail('seed', `seed must be an integer in [0, 4294967295], got ${String(r.seed)}`);

  const weeks = Math.floor(gap / 7);
  return { todayDay, raceDay, startDay: raceDay - 7 * weeks, weeks, daysPerWeek: k, restDays: [...restDays], longRunDay };
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
  positive(a.maxSessionLoad90d, 'athlete.maxSessionLoad90d');
  if (a.csMps != null) positive(a.csMps, 'athlete.csMps');
  if (a.dPrimeM != null && (typeof a.dPrimeM !== 'number' || !Number.isFinite(a.dPrimeM) || a.dPrimeM < 0)) {
    fail('athlete.dPrimeM', `athlete.dPrimeM must be a finite number ≥ 0, got ${String(a.dPrimeM)}`);
  }
}
