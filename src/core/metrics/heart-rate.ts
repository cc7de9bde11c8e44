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
 * Average: time-weighted (zero-order hold) over in-timer time, through gaps as a watch does (its
 * 1 Hz HR runs on while smart recording writes a record every few seconds). Two exceptions, both
 * what the device reports (docs/session-totals.md §3): a sparse channel — fewer samples than one
 * per minute of timer time, e.g. optical HR under water — is averaged per sample, since a handful of
 * readings says nothing about how long each held; and with `moving` (pool swims) only the moving
 * intervals count, as the watch leaves the rests between sets out; with `perBeat` (HR merged from a
 * chained strap that stores one sample per beat, FitSession.hrPerBeat) each interval weighs its
 * beats (hr × time), the mean of the strap's samples the watch reports (corpus FR735XT: 141.7 against
 * its 142, 140.7 time-weighted). A stream without any in-timer
 * time (one record) falls back to the plain mean. Max: any in-timer sample.
 */
/** Fewer HR samples than one per this many timer seconds: the channel is sparse. */
const SPARSE_HR_S = 60;

export function summariseHeartRate(s: SessionStreams, hr: Float64Array, moving?: Uint8Array, perBeat = false): HrSummary {
  let sum = 0;
  let w = 0;
  let plain = 0;
  let cnt = 0;
  let max = -Infinity;
  let timer = 0;
  for (let i = 0; i < s.n; i++) {
    timer += s.e[i];
    const v = hr[i];
    if (!isPlausibleHr(v)) continue;
    if (s.inTimer[i]) {
      plain += v;
      cnt++;
      if (v > max) max = v;
    }
    if (s.e[i] > 0 && (!moving || moving[i])) {
      // per beat: an interval holds hr·e/60 beats, each sampling v
      const weight = perBeat ? v * s.e[i] : s.e[i];
      sum += v * weight;
      w += weight;
    }
  }
  const sparse = cnt > 0 && cnt * SPARSE_HR_S < timer;
  return {
    avgHr: !sparse && w > 0 ? sum / w : cnt > 0 ? plain / cnt : undefined,
    maxHr: cnt > 0 ? max : undefined,
  };
}
