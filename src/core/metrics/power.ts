/**
 * Running power (ALGORITHMS.md §1.8): time-weighted average over timer time, maximum, and Coggan's
 * Normalized Power on the 1 Hz grid — 30 s trailing means over full windows only (windows with a
 * missing sample are skipped; GoldenCheetah `src/Metrics/Coggan.cpp` zero-fills instead), then the
 * 4th-power mean. Power TSS/IF follow Allen & Coggan; running power from different vendors must
 * never be mixed in one CP.
 */
import type { SessionStreams } from './streams';

const NP_WINDOW = 30;

export interface PowerSummary {
  avgPowerW?: number;
  maxPowerW?: number;
  normalizedPowerW?: number;
}

function isPlausiblePower(v: number): boolean {
  return v >= 0 && v <= 3000;
}

/** NP from 1 Hz power values (paused points already removed, missing = NaN). */
export function computeNormalizedPower(pg: Float64Array): number | undefined {
  let acc = 0;
  let cnt = 0;
  let sum = 0;
  let bad = 0;
  for (let k = 0; k < pg.length; k++) {
    const ok = Number.isFinite(pg[k]);
    sum += ok ? pg[k] : 0;
    bad += ok ? 0 : 1;
    if (k >= NP_WINDOW) {
      const old = pg[k - NP_WINDOW];
      const oldOk = Number.isFinite(old);
      sum -= oldOk ? old : 0;
      bad -= oldOk ? 0 : 1;
    }
    if (k >= NP_WINDOW - 1 && bad === 0) {
      const r = sum / NP_WINDOW;
      acc += r * r * r * r;
      cnt++;
    }
  }
  return cnt > 0 ? (acc / cnt) ** 0.25 : undefined;
}

export function summarisePower(s: SessionStreams, power: Float64Array, gridPower: Float64Array): PowerSummary {
  let sum = 0;
  let w = 0;
  let max = -Infinity;
  for (let i = 0; i < s.n; i++) {
    const v = power[i];
    if (!isPlausiblePower(v)) continue;
    if (s.inTimer[i] && v > max) max = v;
    if (!s.gap[i] && s.e[i] > 0) {
      sum += v * s.e[i];
      w += s.e[i];
    }
  }
  return {
    avgPowerW: w > 0 ? sum / w : undefined,
    maxPowerW: max > -Infinity ? max : undefined,
    normalizedPowerW: computeNormalizedPower(gridPower),
  };
}
