/**
 * Mean-maximal power curve (ALGORITHMS.md §1.13): on the 1 Hz grid (paused seconds removed, so
 * this is on timer time, unlike speed bests which are on elapsed time), the highest trailing mean
 * per duration with prefix sums, skipping windows that contain a missing sample. O(m·K).
 * The speed curve lives in best-efforts.ts (best distance for a duration).
 */
import type { PowerCurvePoint } from './types';

export function computeMeanMaxPower(gridPower: Float64Array, durationsS: readonly number[]): PowerCurvePoint[] {
  const m = gridPower.length;
  const sum = new Float64Array(m + 1);
  const bad = new Int32Array(m + 1);
  for (let k = 0; k < m; k++) {
    const ok = Number.isFinite(gridPower[k]);
    sum[k + 1] = sum[k] + (ok ? gridPower[k] : 0);
    bad[k + 1] = bad[k] + (ok ? 0 : 1);
  }
  const out: PowerCurvePoint[] = [];
  for (const w of durationsS) {
    const win = Math.round(w);
    if (win < 1 || win > m) break;
    const best = bestWindowMean(sum, bad, win);
    if (best > -Infinity) out.push({ durationS: w, powerW: best });
  }
  return out;
}

// Its own function, not a loop inside the one above: V8 compiled that inner loop on-stack and
// dropped the code each time it ended (once per duration, ~80 deopts in a 1,000-activity import).
function bestWindowMean(sum: Float64Array, bad: Int32Array, win: number): number {
  const m = sum.length - 1;
  let best = -Infinity;
  for (let k = win; k <= m; k++) {
    if (bad[k] !== bad[k - win]) continue;
    const mean = (sum[k] - sum[k - win]) / win;
    if (mean > best) best = mean;
  }
  return best;
}
