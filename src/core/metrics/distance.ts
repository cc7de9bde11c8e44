/**
 * Session distance (ALGORITHMS.md §1.2): the device's cumulative `distance` when it is present for
 * ≥ 95 % of records (repaired to be non-decreasing), else haversine GPS distance (IUGG mean radius,
 * implausible fixes dropped). Our fallbacks when neither applies: a sparse device distance (pool
 * swims write it only at length ends, HR-only records of chained straps dilute it) interpolated in
 * time, else — for pods that log speed only — ∫ speed dt when speed is present for ≥ 95 % of
 * records. A mostly-missing speed column is never integrated: that would read missing as 0 m/s
 * (the corpus pool swim came out at 106 m instead of 2 606 m).
 * The result is a cumulative distance per record starting at 0, plus which source was used.
 */
import type { DistanceSource } from './types';
import { channel, type SessionStreams } from './streams';

export const EARTH_RADIUS_M = 6371008.8;

export interface SessionDistance {
  /** cumulative distance per record from the session's start (d[0] ≥ 0), non-decreasing */
  d: Float64Array;
  /** the session's distance: d[n−1], or up to the window's end when the file says so */
  totalM: number;
  source: DistanceSource;
  deviceM?: number;
  gpsM?: number;
  /** GPS fixes dropped as spikes (implied speed above the limit) */
  gpsDroppedFixes?: number;
}

const RAD = Math.PI / 180;

export function computeHaversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const sLat = Math.sin((p2 - p1) / 2);
  const sLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sLat * sLat + Math.cos(p1) * Math.cos(p2) * sLon * sLon;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** §1.2: a device channel is trusted as the primary source only when present for ≥ 95 % of records. */
const MIN_PRESENT_FRACTION = 0.95;

function presentCount(raw: Float64Array, n: number): number {
  let present = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(raw[i])) present++;
  return present;
}

/**
 * Fills missing samples by linear interpolation in time (ends held), then enforces monotonicity.
 * `minPresent` is the number of finite samples required (the 95 % rule, or 2 for the sparse fallback).
 */
function deviceDistance(s: SessionStreams, raw: Float64Array, minPresent: number, origin?: DistanceOrigin): Float64Array | undefined {
  const n = s.n;
  const present = presentCount(raw, n);
  if (present < minPresent || present === 0) return undefined;
  const d = new Float64Array(n);
  let last = -1;
  let base: number | undefined;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(raw[i])) continue;
    d[i] = raw[i];
    if (last < 0) {
      // before the first sample: from the window's start (at its distance) when known, else held
      base = origin && origin.d <= raw[i] && origin.t <= s.t[i] ? origin.d : undefined;
      for (let k = 0; k < i; k++) {
        d[k] = base === undefined || s.t[i] === origin!.t ? raw[i] : base + ((raw[i] - base) * Math.max(0, s.t[k] - origin!.t)) / (s.t[i] - origin!.t);
      }
    } else for (let k = last + 1; k < i; k++) d[k] = raw[last] + ((raw[i] - raw[last]) * (s.t[k] - s.t[last])) / (s.t[i] - s.t[last]);
    last = i;
  }
  for (let k = last + 1; k < n; k++) d[k] = raw[last];
  const d0 = base ?? d[0];
  let prev = 0;
  for (let i = 0; i < n; i++) {
    prev = Math.max(prev, d[i] - d0);
    d[i] = prev;
  }
  return d;
}

/**
 * GPS: a fix is dropped when the implied speed from the last kept fix exceeds the plausible limit.
 * Records without a kept fix get distance interpolated in time between the bracketing kept fixes
 * (the bridging chord is spread over the bridge). Distance in paused intervals is scaled by e_i/Δ_i,
 * so that — like a watch — moving while the timer is stopped adds nothing.
 */
function gpsDistance(s: SessionStreams, lat: Float64Array, lon: Float64Array, maxSpeed: number): { d: Float64Array; dropped: number } | undefined {
  const n = s.n;
  const kept: number[] = [];
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(lat[i]) || !Number.isFinite(lon[i]) || Math.abs(lat[i]) > 90 || Math.abs(lon[i]) > 180) continue;
    if (kept.length > 0) {
      const k = kept[kept.length - 1];
      const span = s.t[i] - s.t[k];
      if (computeHaversineM(lat[k], lon[k], lat[i], lon[i]) > maxSpeed * span) {
        dropped++;
        continue;
      }
    }
    kept.push(i);
  }
  if (kept.length < 2) return undefined;
  // per-interval increments; chords between kept fixes are spread over the records they bridge
  const inc = new Float64Array(n);
  for (let q = 1; q < kept.length; q++) {
    const a = kept[q - 1];
    const b = kept[q];
    const chord = computeHaversineM(lat[a], lon[a], lat[b], lon[b]);
    const span = s.t[b] - s.t[a];
    for (let i = a; i < b; i++) inc[i] = (chord * s.dt[i]) / span;
  }
  const d = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) {
    const scale = s.dt[i] > 0 ? s.e[i] / s.dt[i] : 0;
    d[i + 1] = d[i] + inc[i] * scale;
  }
  return { d, dropped };
}

function speedDistance(s: SessionStreams, v: Float64Array, maxSpeed: number): Float64Array {
  const d = new Float64Array(s.n);
  for (let i = 0; i + 1 < s.n; i++) {
    const vi = Number.isFinite(v[i]) && v[i] >= 0 && v[i] <= maxSpeed ? v[i] : 0;
    d[i + 1] = d[i] + vi * s.e[i];
  }
  return d;
}

/**
 * The file's cumulative distance at the session's window edges (session-records.ts): `t` in s
 * relative to the first record (≤ 0 at the start, ≥ t[n−1] at the end).
 */
export interface DistanceOrigin {
  t: number;
  d: number;
}

export interface DistanceEdges {
  start?: DistanceOrigin;
  end?: DistanceOrigin;
}

/** Session total from the device channel: up to the window's end when that lies after the last record. */
function deviceTotal(s: SessionStreams, d: Float64Array, raw: Float64Array, edges: DistanceEdges | undefined): number {
  const dn = d[s.n - 1];
  const end = edges?.end;
  const start = edges?.start;
  if (!end || !start || end.t < s.t[s.n - 1]) return dn;
  let lastRaw = NaN;
  for (let i = s.n - 1; i >= 0 && !Number.isFinite(lastRaw); i--) lastRaw = raw[i];
  const extra = end.d - lastRaw;
  return extra > 0 ? dn + extra : dn;
}

export function computeSessionDistance(s: SessionStreams, maxSpeed: number, edges?: DistanceEdges): SessionDistance | undefined {
  if (s.n === 0) return undefined;
  const rawDevice = channel(s, 'distance');
  const lat = channel(s, 'positionLat');
  const lon = channel(s, 'positionLong');
  const device = rawDevice ? deviceDistance(s, rawDevice, MIN_PRESENT_FRACTION * s.n, edges?.start) : undefined;
  const g = lat && lon ? gpsDistance(s, lat, lon, maxSpeed) : undefined;
  const gps = g?.d;
  const gpsM = gps ? gps[s.n - 1] : undefined;
  if (device && rawDevice) {
    const totalM = deviceTotal(s, device, rawDevice, edges);
    return { d: device, totalM, source: 'device', deviceM: totalM, gpsM, gpsDroppedFixes: g?.dropped };
  }
  if (gps) return { d: gps, totalM: gps[s.n - 1], source: 'gps', gpsM, gpsDroppedFixes: g?.dropped };
  // no GPS: the device's own cumulative distance, however sparse, beats integrating a speed column
  const sparse = rawDevice ? deviceDistance(s, rawDevice, 2, edges?.start) : undefined;
  if (sparse && rawDevice) {
    const totalM = deviceTotal(s, sparse, rawDevice, edges);
    return { d: sparse, totalM, source: 'device', deviceM: totalM };
  }
  const speed = channel(s, 'speed');
  if (speed && presentCount(speed, s.n) >= MIN_PRESENT_FRACTION * s.n) {
    const d = speedDistance(s, speed, maxSpeed);
    return { d, totalM: d[s.n - 1], source: 'speed' };
  }
  return undefined;
}

/** Moving mask per interval (§1.1): v_i = Δd_i / e_i ≥ v_move; e_i = 0 never moves. */
export function computeMovingMask(s: SessionStreams, d: Float64Array, movingSpeedMps: number): Uint8Array {
  const moving = new Uint8Array(s.n);
  for (let i = 0; i + 1 < s.n; i++) {
    if (s.e[i] > 0 && (d[i + 1] - d[i]) / s.e[i] >= movingSpeedMps) moving[i] = 1;
  }
  return moving;
}
