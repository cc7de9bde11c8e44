/**
 * Heart-rate zones and time in zone (ALGORITHMS.md §1.6). Lower edges inclusive; the upper edge of
 * zone k is the lower edge of zone k+1 (closes Friel's integer holes); the top zone is open.
 * Models: %HRmax 5-zone (Edwards 1993), %HRR / Karvonen, LTHR (Friel 2009 running zones).
 */
import type { HrZone, HrZones } from './types';
import type { HrSettings } from './heart-rate';
import { isPlausibleHr } from './heart-rate';
import type { SessionStreams } from './streams';

const PCT_5 = [0.5, 0.6, 0.7, 0.8, 0.9];
const FRIEL = [0, 0.85, 0.9, 0.95, 1.0, 1.03, 1.06];
const FRIEL_NAMES = ['Z1', 'Z2', 'Z3', 'Z4', 'Z5a', 'Z5b', 'Z5c'];

export interface ZoneBounds {
  names: string[];
  /** lower edges, bpm, ascending */
  lower: number[];
}

export function computeZoneBounds(hr: HrSettings): ZoneBounds {
  if (hr.model === 'hrr') {
    const reserve = hr.maxHr - hr.restingHr;
    return { names: ['Z1', 'Z2', 'Z3', 'Z4', 'Z5'], lower: PCT_5.map((p) => hr.restingHr + p * reserve) };
  }
  if (hr.model === 'lthr') return { names: FRIEL_NAMES, lower: FRIEL.map((p) => p * hr.thresholdHr) };
  return { names: ['Z1', 'Z2', 'Z3', 'Z4', 'Z5'], lower: PCT_5.map((p) => p * hr.maxHr) };
}

/** Zone index of a value: −1 below the lowest edge, else the last edge ≤ value. */
export function findZone(lower: readonly number[], v: number): number {
  let z = -1;
  for (let k = 0; k < lower.length && v >= lower[k]; k++) z = k;
  return z;
}

/** Σ e_i per zone over non-gap intervals with HR (zero-order hold); the rest is no-data. */
export function computeTimeInZones(s: SessionStreams, hr: Float64Array, bounds: ZoneBounds): { times: number[]; belowS: number; noDataS: number } {
  const times = bounds.lower.map(() => 0);
  let belowS = 0;
  let noDataS = 0;
  for (let i = 0; i < s.n; i++) {
    const e = s.e[i];
    if (e <= 0) continue;
    if (s.gap[i] || !isPlausibleHr(hr[i])) {
      noDataS += e;
      continue;
    }
    const z = findZone(bounds.lower, hr[i]);
    if (z < 0) belowS += e;
    else times[z] += e;
  }
  return { times, belowS, noDataS };
}

export function computeHrZones(s: SessionStreams, hr: Float64Array, settings: HrSettings): HrZones {
  const bounds = computeZoneBounds(settings);
  const { times, belowS, noDataS } = computeTimeInZones(s, hr, bounds);
  const zones: HrZone[] = bounds.names.map((name, k) => {
    const zone: HrZone = { name, minBpm: bounds.lower[k], timeS: times[k] };
    if (k + 1 < bounds.lower.length) zone.maxBpm = bounds.lower[k + 1];
    return zone;
  });
  const out: HrZones = {
    model: settings.model,
    maxHr: settings.maxHr,
    sources: { model: settings.sources.model, maxHr: settings.sources.maxHr },
    zones,
    noDataS,
  };
  if (settings.model === 'hrr') {
    out.restingHr = settings.restingHr;
    out.sources.restingHr = settings.sources.restingHr;
  }
  if (settings.model === 'lthr') {
    out.thresholdHr = settings.thresholdHr;
    out.sources.thresholdHr = settings.sources.thresholdHr;
  }
  if (bounds.lower[0] > 0) out.belowS = belowS;
  return out;
}

/** Edwards (1993) zone TRIMP: Σ w_z·TIZ_z[min], w = 1…5 on the %HRmax zones, whatever the display model. */
export function computeEdwardsTrimp(s: SessionStreams, hr: Float64Array, maxHr: number): number {
  const lower = PCT_5.map((p) => p * maxHr);
  let sum = 0;
  for (let i = 0; i < s.n; i++) {
    if (s.e[i] <= 0 || s.gap[i] || !isPlausibleHr(hr[i])) continue;
    const z = findZone(lower, hr[i]);
    if (z >= 0) sum += (z + 1) * (s.e[i] / 60);
  }
  return sum;
}
