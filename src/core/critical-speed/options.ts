/** Defaults and one up-front validation of CS options (ALGORITHMS.md §3.2–§3.3; STYLE habit 6). */
import { DomainError } from '../errors';
import { MILE_M } from '../metrics/options';
import type { CsOptions } from './types';

export interface ResolvedCsOptions {
  asOfMs?: number;
  lookbackDays: number;
  minDurationS: number;
  maxDurationS: number;
  minDurationRatio: number;
  minLongestS: number;
  dropSubmaximal: boolean;
  predictionDistancesM: readonly number[];
}

export const PREDICTION_DISTANCES_M: readonly number[] = [1500, MILE_M, 3000, 5000, 10000, 15000, 21097.5, 30000, 42195];

function fail(field: string, message: string): never {
  throw new DomainError('invalid_options', `${field} ${message}`, { details: { field } });
}

function num(field: string, v: number | undefined, fallback: number, lo: number, hi: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) fail(field, `must be a number in [${lo}, ${hi}], got ${String(v)}`);
  return v;
}

export function toEpochMs(v: string | number, field: string): number {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(ms)) fail(field, `must be an ISO-8601 date or ms since epoch, got ${String(v)}`);
  return ms;
}

export function resolveCsOptions(options: CsOptions = {}): ResolvedCsOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  const r: ResolvedCsOptions = {
    asOfMs: options.asOf === undefined ? undefined : toEpochMs(options.asOf, 'asOf'),
    lookbackDays: num('lookbackDays', options.lookbackDays, 90, 42, 180),
    minDurationS: num('minDurationS', options.minDurationS, 120, 1, 86400),
    maxDurationS: num('maxDurationS', options.maxDurationS, 1200, 1, 86400),
    minDurationRatio: num('minDurationRatio', options.minDurationRatio, 3, 1, 100),
    minLongestS: num('minLongestS', options.minLongestS, 600, 0, 86400),
    dropSubmaximal: options.dropSubmaximal ?? true,
    predictionDistancesM: options.predictionDistancesM ?? PREDICTION_DISTANCES_M,
  };
  if (r.minDurationS >= r.maxDurationS) fail('minDurationS', `must be below maxDurationS (${r.maxDurationS}), got ${r.minDurationS}`);
  if (typeof r.dropSubmaximal !== 'boolean') fail('dropSubmaximal', 'must be a boolean');
  if (!Array.isArray(r.predictionDistancesM) || r.predictionDistancesM.some((d) => typeof d !== 'number' || !(d > 0))) {
    fail('predictionDistancesM', 'must be an array of positive numbers');
  }
  return r;
}
