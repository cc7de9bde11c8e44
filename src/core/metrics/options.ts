/**
 * Defaults and one up-front validation of the stats options and the runner profile
 * (ALGORITHMS.md §7 "Defaults chosen where sources disagree"; STYLE habit 6).
 */
import { DomainError } from '../errors';
import type { AltitudeSmoothing, GapModel, RunnerProfile, StatsOptions } from './types';

/** Bump when any metric's definition changes; stored with every stats row and effort. */
export const ALGORITHM_VERSION = 7;

export const MILE_M = 1609.344;
/** 100 yards in metres (a yard is 0.9144 m exactly) */
export const HUNDRED_YD_M = 91.44;

/** §1.12 distances plus the optional 3, 15 and 30 km asked for by issue 4. */
export const BEST_EFFORT_DISTANCES_M: readonly number[] = [
  400, 1000, MILE_M, 3000, 5000, 10000, 15000, 21097.5, 30000, 42195,
];

/** §1.13 log-spaced grid, extended to 24 h for ultra sessions. */
export const MEAN_MAX_DURATIONS_S: readonly number[] = [
  1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 600, 720, 900, 1200, 1500,
  1800, 2400, 3000, 3600, 4500, 5400, 7200, 9000, 10800, 14400, 18000, 21600, 28800, 43200, 86400,
];

export interface ResolvedStatsOptions {
  gapThresholdS: number;
  movingSpeedMps: number;
  maxPlausibleSpeedMps: number;
  hysteresisM: number;
  altitudeSmoothing: AltitudeSmoothing;
  gapModel: GapModel;
  bestEffortDistancesM: readonly number[];
  meanMaxDurationsS: readonly number[];
  gpsGapExclusionS: number;
}

function fail(field: string, message: string): never {
  throw new DomainError('invalid_options', `${field} ${message}`, { details: { field } });
}

function positive(field: string, v: number | undefined, fallback: number, allowZero = false): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    fail(field, `must be a finite number ${allowZero ? '≥ 0' : '> 0'}, got ${String(v)}`);
  }
  return v;
}

function oneOf<T extends string>(field: string, v: T | undefined, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!allowed.includes(v)) fail(field, `must be one of ${allowed.join(', ')}, got ${String(v)}`);
  return v;
}

function ascendingList(field: string, v: readonly number[] | undefined, fallback: readonly number[]): readonly number[] {
  if (v === undefined) return fallback;
  if (!Array.isArray(v) || v.length === 0) fail(field, 'must be a non-empty array');
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) fail(`${field}[${i}]`, `must be a finite number > 0, got ${String(x)}`);
    if (i > 0 && x <= v[i - 1]) fail(field, 'must be strictly ascending');
  });
  return v;
}

export function resolveStatsOptions(options: StatsOptions = {}): ResolvedStatsOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  return {
    gapThresholdS: positive('gapThresholdS', options.gapThresholdS, 15),
    movingSpeedMps: positive('movingSpeedMps', options.movingSpeedMps, 0.5, true),
    maxPlausibleSpeedMps: positive('maxPlausibleSpeedMps', options.maxPlausibleSpeedMps, 12),
    hysteresisM: positive('hysteresisM', options.hysteresisM, 3),
    altitudeSmoothing: oneOf('altitudeSmoothing', options.altitudeSmoothing, ['none', 'median-mean-5'], 'none'),
    gapModel: oneOf('gapModel', options.gapModel, ['minetti', 'strava'], 'minetti'),
    bestEffortDistancesM: ascendingList('bestEffortDistancesM', options.bestEffortDistancesM, BEST_EFFORT_DISTANCES_M),
    meanMaxDurationsS: ascendingList('meanMaxDurationsS', options.meanMaxDurationsS, MEAN_MAX_DURATIONS_S),
    gpsGapExclusionS: positive('gpsGapExclusionS', options.gpsGapExclusionS, 60),
  };
}

function inRange(field: string, v: number | undefined, lo: number, hi: number): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
    fail(`profile.${field}`, `must be a number in [${lo}, ${hi}], got ${String(v)}`);
  }
}

/** Plausibility ranges are wide on purpose: they catch unit mix-ups (bpm vs %, km/h vs m/s). */
export function validateProfile(profile: RunnerProfile = {}): RunnerProfile {
  if (typeof profile !== 'object' || profile === null) fail('profile', 'must be an object');
  inRange('maxHr', profile.maxHr, 100, 250);
  inRange('restingHr', profile.restingHr, 20, 120);
  inRange('thresholdHr', profile.thresholdHr, 80, 240);
  inRange('birthYear', profile.birthYear, 1900, 2100);
  inRange('age', profile.age, 5, 120);
  inRange('thresholdSpeedMps', profile.thresholdSpeedMps, 1, 8);
  inRange('thresholdPowerW', profile.thresholdPowerW, 30, 1500);
  oneOf('profile.zoneModel', profile.zoneModel, ['hrmax', 'hrr', 'lthr'], 'hrmax');
  oneOf('profile.sex', profile.sex, ['male', 'female'], 'male');
  if (profile.maxHr !== undefined && profile.restingHr !== undefined && profile.restingHr >= profile.maxHr) {
    fail('profile.restingHr', `must be below maxHr (${profile.maxHr}), got ${profile.restingHr}`);
  }
  if (profile.maxHr !== undefined && profile.thresholdHr !== undefined && profile.thresholdHr > profile.maxHr) {
    fail('profile.thresholdHr', `must not exceed maxHr (${profile.maxHr}), got ${profile.thresholdHr}`);
  }
  return profile;
}
