/**
 * Speed and pace (ALGORITHMS.md §1.3). Average (moving) speed = D / T_mov — paces are never
 * averaged; elapsed speed = D / T_el (races are ranked on elapsed time). Max speed = the highest
 * trailing 5 s mean on the 1 Hz grid from distance differences (never a single GPS sample),
 * rejecting implausible values and windows that cross a pause or a gap.
 */
import type { SecondGrid } from './grid';

const MAX_SPEED_WINDOW_S = 5;

export function computeMaxSpeed(grid: SecondGrid, gridDistance: Float64Array, maxPlausible: number): number | undefined {
  const w = MAX_SPEED_WINDOW_S;
  let best = -Infinity;
  for (let k = w; k < grid.m; k++) {
    if (grid.t[k] - grid.t[k - w] !== w) continue;
    const a = gridDistance[k - w];
    const b = gridDistance[k];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const v = (b - a) / w;
    if (v <= maxPlausible && v > best) best = v;
  }
  return best > -Infinity ? best : undefined;
}

/** Pace in s per `unitM` from a speed; undefined for a standstill. */
export function computePace(speedMps: number | undefined, unitM = 1000): number | undefined {
  return speedMps !== undefined && speedMps > 0 ? unitM / speedMps : undefined;
}
