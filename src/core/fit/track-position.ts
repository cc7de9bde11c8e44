/**
 * Where a device position lies on the recorded track, as the file's cumulative distance there
 * (docs/session-totals.md §2, "Leg ends on the track").
 */
import type { RecordColumns } from './types.js';

/** A position this close to the recorded track lies on it (FIT semicircles resolve about 1 cm). */
const ON_TRACK_M = 0.05;
/** A leg's end position is looked for among record intervals this close to its end time. */
export const NEAR_END_MS = 15_000;
const M_PER_DEG = 111_320;

/**
 * The file's cumulative distance where the track passes `p` near time t: `p` projected on each
 * record interval (both ends with position and distance) within NEAR_END_MS of t, the distance
 * interpolated along it. Only a point on the track counts (≤ ON_TRACK_M); among several, the one
 * nearest t. A watch with smart recording closes a leg between two records — the FR920XT's first
 * transition ends 5 m after a record, 3 s before the next — and its lap's end position pins that
 * point; a watch whose end positions lie off its track (the FR255: 0.2–0.4 m) keeps time.
 */
export function distanceAtPosition(records: RecordColumns, p: { lat: number; lon: number }, t: number): number | undefined {
  const { positionLat: lat, positionLong: lon, distance: d } = records.channels;
  if (!lat || !lon || !d) return undefined;
  const k = Math.cos((p.lat * Math.PI) / 180) * M_PER_DEG;
  let best: { dist: number; away: number } | undefined;
  let prev = -1;
  for (let i = 0; i < records.length; i++) {
    if (!Number.isFinite(lat[i]!) || !Number.isFinite(lon[i]!) || !Number.isFinite(d[i]!)) continue;
    if (prev >= 0) {
      const ta = records.timestamp[prev]!;
      const tb = records.timestamp[i]!;
      if (ta > t + NEAR_END_MS) break;
      if (tb >= t - NEAR_END_MS) {
        const ax = (lon[prev]! - p.lon) * k;
        const ay = (lat[prev]! - p.lat) * M_PER_DEG;
        const vx = (lon[i]! - lon[prev]!) * k;
        const vy = (lat[i]! - lat[prev]!) * M_PER_DEG;
        const len2 = vx * vx + vy * vy;
        const u = len2 > 0 ? Math.min(1, Math.max(0, -(ax * vx + ay * vy) / len2)) : 0;
        const off = Math.hypot(ax + u * vx, ay + u * vy);
        const away = Math.abs(ta + u * (tb - ta) - t);
        if (off <= ON_TRACK_M && (!best || away < best.away)) best = { dist: d[prev]! + u * (d[i]! - d[prev]!), away };
      }
    }
    prev = i;
  }
  return best?.dist;
}
