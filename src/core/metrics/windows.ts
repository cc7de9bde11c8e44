/**
 * Time-window accumulation shared by splits and decoupling: walks the intervals once and prorates
 * each interval [t_i, t_{i+1}) over consecutive windows [b_k, b_{k+1}) by time overlap
 * (ALGORITHMS.md §1.11 "partial intervals prorated"). O(n + K).
 */
import type { SessionStreams } from './streams';
import { isPlausibleHr } from './heart-rate';

export interface WindowSums {
  timerS: Float64Array;
  movingS: Float64Array;
  hrSum: Float64Array;
  hrW: Float64Array;
  cadSum: Float64Array;
  cadW: Float64Array;
  powSum: Float64Array;
  powW: Float64Array;
}

export interface WindowChannels {
  hr?: Float64Array;
  /** already scaled to spm / rpm */
  cadence?: Float64Array;
  power?: Float64Array;
  moving?: Uint8Array;
}

/** `bounds` are ascending times (s) b_0 … b_K defining K windows. */
export function accumulateWindows(s: SessionStreams, bounds: ArrayLike<number>, c: WindowChannels): WindowSums {
  const k = Math.max(0, bounds.length - 1);
  const sums: WindowSums = {
    timerS: new Float64Array(k), movingS: new Float64Array(k), hrSum: new Float64Array(k), hrW: new Float64Array(k),
    cadSum: new Float64Array(k), cadW: new Float64Array(k), powSum: new Float64Array(k), powW: new Float64Array(k),
  };
  let w = 0;
  for (let i = 0; i + 1 < s.n && w < k; i++) {
    const a = s.t[i];
    const b = s.t[i + 1];
    if (s.e[i] <= 0) continue;
    while (w < k && bounds[w + 1] <= a) w++;
    for (let q = w; q < k && bounds[q] < b; q++) {
      const overlap = Math.min(b, bounds[q + 1]) - Math.max(a, bounds[q]);
      if (overlap <= 0) continue;
      const e = (s.e[i] * overlap) / s.dt[i];
      sums.timerS[q] += e;
      const moving = c.moving ? c.moving[i] === 1 : true;
      if (moving) sums.movingS[q] += e;
      if (s.gap[i]) continue;
      if (c.hr && isPlausibleHr(c.hr[i])) {
        sums.hrSum[q] += c.hr[i] * e;
        sums.hrW[q] += e;
      }
      if (c.cadence && moving && c.cadence[i] > 0 && c.cadence[i] <= 260) {
        sums.cadSum[q] += c.cadence[i] * e;
        sums.cadW[q] += e;
      }
      if (c.power && c.power[i] >= 0 && c.power[i] <= 3000) {
        sums.powSum[q] += c.power[i] * e;
        sums.powW[q] += e;
      }
    }
  }
  return sums;
}
