/** Defaults and one up-front validation of history options (ALGORITHMS.md §4.1, §4.3). */
import { DomainError } from '../errors';
import type { HistoryOptions } from './types';
import { assertTimeZone, computeLocalDate, parseDayNumber } from './local-date';
import { computeAlpha } from './pmc';

export interface ResolvedHistoryOptions {
  timeZone: string;
  todayDn: number;
  ctlDays: number;
  atlDays: number;
  alpha: 'exponential' | 'inverse';
  alphaCtl: number;
  alphaAtl: number;
  seed: { ctl: number; atl: number } | 'first-42-mean';
  startDn?: number;
}

function fail(field: string, message: string): never {
  throw new DomainError('invalid_options', `${field} ${message}`, { details: { field } });
}

export function toDayNumber(date: string, field: string): number {
  const dn = parseDayNumber(date);
  if (dn === undefined) fail(field, `must be a calendar date YYYY-MM-DD, got ${String(date)}`);
  return dn;
}

function tau(field: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 1 || v > 365) fail(field, `must be a number of days in [1, 365], got ${String(v)}`);
  return v;
}

export function resolveHistoryOptions(o: HistoryOptions): ResolvedHistoryOptions {
  if (typeof o !== 'object' || o === null) fail('options', 'must be an object with timeZone and today');
  assertTimeZone(o.timeZone);
  let todayDn: number;
  if (typeof o.today === 'number') {
    if (!Number.isFinite(o.today)) fail('today', `must be a date or ms since epoch, got ${String(o.today)}`);
    todayDn = toDayNumber(computeLocalDate(o.today, o.timeZone), 'today');
  } else todayDn = toDayNumber(o.today, 'today');
  const ctlDays = tau('ctlDays', o.ctlDays, 42);
  const atlDays = tau('atlDays', o.atlDays, 7);
  const alpha = o.alpha ?? 'exponential';
  if (alpha !== 'exponential' && alpha !== 'inverse') fail('alpha', `must be 'exponential' or 'inverse', got ${String(alpha)}`);
  const seed = o.seed ?? { ctl: 0, atl: 0 };
  if (seed !== 'first-42-mean' && (typeof seed !== 'object' || !Number.isFinite(seed.ctl) || !Number.isFinite(seed.atl) || seed.ctl < 0 || seed.atl < 0)) {
    fail('seed', "must be { ctl ≥ 0, atl ≥ 0 } or 'first-42-mean'");
  }
  return {
    timeZone: o.timeZone, todayDn, ctlDays, atlDays, alpha,
    alphaCtl: computeAlpha(ctlDays, alpha), alphaAtl: computeAlpha(atlDays, alpha),
    seed, startDn: o.startDate === undefined ? undefined : toDayNumber(o.startDate, 'startDate'),
  };
}
