/**
 * Heart-rate inputs and summary (ALGORITHMS.md §1.6, §1.9): which HRmax/HRrest/LTHR apply to this
 * session and where they came from, plus time-weighted average and maximum HR.
 * Defaults when the profile is empty are conventions and are always reported:
 * HRmax = 208 − 0.7·age (Tanaka, Monahan & Seals 2001, JACC 37:153) when age is known, else 185;
 * HRrest = 60; LTHR = 0.9·HRmax.
 */
import type { RunnerProfile, ZoneModel } from './types';
import type { SessionStreams } from './streams';

export const DEFAULT_MAX_HR = 185;
export const DEFAULT_RESTING_HR = 60;
export const DEFAULT_LTHR_FRACTION = 0.9;

export interface HrSettings {
  model: ZoneModel;
  maxHr: number;
  restingHr: number;
  thresholdHr: number;
  sources: { maxHr: string; restingHr: string; thresholdHr: string; model: string };
}

export function resolveHrSettings(profile: RunnerProfile, sessionStartMs: number): HrSettings {
  let maxHr = profile.maxHr;
  let maxSrc = 'profile';
  if (maxHr === undefined) {
    const year = Number.isFinite(sessionStartMs) ? new Date(sessionStartMs).getUTCFullYear() : undefined;
    const age = profile.age ?? (profile.birthYear !== undefined && year !== undefined ? year - profile.birthYear : undefined);
    if (age !== undefined && age > 0) {
      maxHr = 208 - 0.7 * age;
      maxSrc = 'age';
    } else {
      maxHr = DEFAULT_MAX_HR;
      maxSrc = 'default';
    }
  }
  const restingHr = profile.restingHr ?? DEFAULT_RESTING_HR;
  const thresholdHr = profile.thresholdHr ?? DEFAULT_LTHR_FRACTION * maxHr;
  return {
    model: profile.zoneModel ?? 'hrmax',
    maxHr,
    restingHr,
    thresholdHr,
    sources: {
      maxHr: maxSrc,
      restingHr: profile.restingHr === undefined ? 'default' : 'profile',
      thresholdHr: profile.thresholdHr === undefined ? 'estimated' : 'profile',
      model: profile.zoneModel === undefined ? 'default' : 'profile',
    },
  };
}

/** HR values outside this band are sensor errors, not data. */
export function isPlausibleHr(v: number): boolean {
  return v >= 20 && v <= 250;
}

export interface HrSummary {
  avgHr?: number;
  maxHr?: number;
}

/**
 * Average: time-weighted (zero-order hold) over non-gap in-timer time. A stream without any such
 * time (one record) falls back to the plain mean of its in-timer samples. Max: any in-timer sample.
 */
export function summariseHeartRate(s: SessionStreams, hr: Float64Array): HrSummary {
  let sum = 0;
  let w = 0;
  let plain = 0;
  let cnt = 0;
  let max = -Infinity;
  for (let i = 0; i < s.n; i++) {
    const v = hr[i];
    if (!isPlausibleHr(v)) continue;
    if (s.inTimer[i]) {
      plain += v;
      cnt++;
      if (v > max) max = v;
    }
    if (!s.gap[i] && s.e[i] > 0) {
      sum += v * s.e[i];
      w += s.e[i];
    }
  }
  return {
    avgHr: w > 0 ? sum / w : cnt > 0 ? plain / cnt : undefined,
    maxHr: cnt > 0 ? max : undefined,
  };
}
