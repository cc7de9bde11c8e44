/**
 * The 1 Hz grid of ALGORITHMS.md §0.2 step 5, used only by metrics defined on 1 s windows
 * (normalized power, rolling max speed, mean-maximal power). Point g stands for the second
 * [g, g+1), so the grid covers [0, T_el) exactly like the zero-order-hold intervals (the last
 * record, whose Δ is 0, adds no second: 121 records 1 s apart give 120 points). Points inside
 * stopped-timer periods are dropped (so consecutive points may be > 1 s apart across a pause);
 * points inside `gap` intervals are kept but marked missing. Values are linearly interpolated.
 */
import type { SessionStreams } from './streams';

export interface SecondGrid {
  m: number;
  /** s since the first record (integers) */
  t: Float64Array;
  /** interval index i with t_i ≤ g < t_{i+1} */
  idx: Int32Array;
  frac: Float64Array;
  missing: Uint8Array;
  /** prefix count of missing points: missingBefore[k] = #missing in [0, k) */
  missingBefore: Int32Array;
}

export function buildSecondGrid(s: SessionStreams): SecondGrid {
  const n = s.n;
  const last = n > 1 ? Math.ceil(s.t[n - 1]) - 1 : -1;
  const cap = last + 1;
  const t = new Float64Array(cap);
  const idx = new Int32Array(cap);
  const frac = new Float64Array(cap);
  const missing = new Uint8Array(cap);
  let m = 0;
  let i = 0;
  let st = 0;
  for (let g = 0; g <= last; g++) {
    while (st < s.stops.length && s.stops[st + 1] <= g) st += 2;
    if (st < s.stops.length && s.stops[st] <= g) continue; // paused second: dropped
    while (i < n - 2 && s.t[i + 1] <= g) i++;
    t[m] = g;
    idx[m] = i;
    frac[m] = n > 1 ? (g - s.t[i]) / (s.t[i + 1] - s.t[i]) : 0;
    missing[m] = s.gap[i];
    m++;
  }
  const missingBefore = new Int32Array(m + 1);
  for (let k = 0; k < m; k++) missingBefore[k + 1] = missingBefore[k] + missing[k];
  return { m, t: t.subarray(0, m), idx: idx.subarray(0, m), frac: frac.subarray(0, m), missing: missing.subarray(0, m), missingBefore };
}

/** Channel values on the grid; NaN where the point is missing or either bracketing sample is NaN. */
export function sampleOnGrid(grid: SecondGrid, values: Float64Array): Float64Array {
  const out = new Float64Array(grid.m);
  for (let k = 0; k < grid.m; k++) {
    if (grid.missing[k]) {
      out[k] = NaN;
      continue;
    }
    const i = grid.idx[k];
    const f = grid.frac[k];
    const a = values[i];
    if (f === 0) out[k] = a;
    else out[k] = a + (values[i + 1] - a) * f;
  }
  return out;
}

/**
 * Max of trailing `w`-point means over windows without NaN values (prefix sums). When `contiguous`
 * is set, a window must also span exactly w − 1 s (no pause inside).
 */
export function computeMaxTrailingMean(grid: SecondGrid, v: Float64Array, w: number, contiguous: boolean): number | undefined {
  if (w < 1 || w > grid.m) return undefined;
  const sum = new Float64Array(grid.m + 1);
  const bad = new Int32Array(grid.m + 1);
  for (let k = 0; k < grid.m; k++) {
    const ok = Number.isFinite(v[k]);
    sum[k + 1] = sum[k] + (ok ? v[k] : 0);
    bad[k + 1] = bad[k] + (ok ? 0 : 1);
  }
  let best = -Infinity;
  for (let k = w; k <= grid.m; k++) {
    if (bad[k] - bad[k - w] > 0) continue;
    if (contiguous && grid.t[k - 1] - grid.t[k - w] !== w - 1) continue;
    const mean = (sum[k] - sum[k - w]) / w;
    if (mean > best) best = mean;
  }
  return best === -Infinity ? undefined : best;
}
