/**
 * Splits per km and per mile (ALGORITHMS.md §1.11). Boundary k is the time the distance first
 * reaches k·L, interpolated between the bracketing records; split time is elapsed; HR, cadence
 * and power are time-weighted over the split with partial intervals prorated; elevation uses the
 * provisional zig-zag totals at the records bracketing each boundary, so split gains sum to the
 * session gain. A trailing partial split carries its real distance and a pace normalised to L.
 * Time after the last boundary when no further distance is covered belongs to no split.
 */
import type { Split } from './types';
import type { ElevationResult } from './elevation';
import type { SessionStreams } from './streams';
import { accumulateWindows, type WindowChannels } from './windows';

const MIN_PARTIAL_M = 1e-6;

/** Earliest time at which cumulative distance reaches x (d non-decreasing, d[0] ≤ x ≤ d[n−1]). */
function timeAtDistance(t: Float64Array, d: Float64Array, x: number, from: number): { time: number; j: number } {
  let j = from;
  while (j < d.length - 1 && d[j] < x) j++;
  if (j === 0 || d[j] === d[j - 1]) return { time: t[j], j };
  return { time: t[j - 1] + ((t[j] - t[j - 1]) * (x - d[j - 1])) / (d[j] - d[j - 1]), j };
}

export function computeSplits(s: SessionStreams, d: Float64Array, unitM: number, elevation: ElevationResult | undefined, c: WindowChannels, totalM?: number): Split[] {
  const n = s.n;
  if (n < 2) return [];
  // the session's distance may run past the last record to the window's end (the last split gets it)
  const total = Math.max(d[n - 1], totalM ?? 0);
  const full = Math.floor(total / unitM);
  const bounds: number[] = [0];
  const dist: number[] = [];
  let j = 0;
  for (let k = 1; k <= full; k++) {
    const at = timeAtDistance(s.t, d, k * unitM, j);
    j = at.j;
    bounds.push(at.time);
    dist.push(unitM);
  }
  const rest = total - full * unitM;
  const partial = rest > MIN_PARTIAL_M;
  if (partial) {
    bounds.push(s.t[n - 1]);
    dist.push(rest);
  }
  const sums = accumulateWindows(s, bounds, c);
  // record index at or before each boundary, for the elevation differences
  const recAt: number[] = [];
  let r = 0;
  for (const b of bounds) {
    while (r + 1 < n && s.t[r + 1] <= b) r++;
    recAt.push(r);
  }
  const splits: Split[] = [];
  for (let k = 0; k < dist.length; k++) {
    const elapsedS = bounds[k + 1] - bounds[k];
    const split: Split = {
      index: k + 1,
      distanceM: dist[k],
      elapsedS,
      movingS: sums.movingS[k],
      paceS: (elapsedS * unitM) / dist[k],
      endS: bounds[k + 1],
    };
    if (partial && k === dist.length - 1) split.partial = true;
    if (c.hr && sums.hrW[k] > 0) split.avgHr = sums.hrSum[k] / sums.hrW[k];
    if (c.cadence && sums.cadW[k] > 0) split.avgCadenceSpm = sums.cadSum[k] / sums.cadW[k];
    if (c.power && sums.powW[k] > 0) split.avgPowerW = sums.powSum[k] / sums.powW[k];
    if (elevation) {
      const a = k === 0 ? 0 : recAt[k];
      const b = k === dist.length - 1 ? n - 1 : recAt[k + 1];
      split.ascentM = elevation.cumGain[b] - (k === 0 ? 0 : elevation.cumGain[a]);
      split.descentM = elevation.cumLoss[b] - (k === 0 ? 0 : elevation.cumLoss[a]);
    }
    splits.push(split);
  }
  return splits;
}
