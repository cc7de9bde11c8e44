/**
 * Feasible decoder of the weekly formulation (ALGORITHMS.md §5.2, exact §5.3 variant) and the
 * Banister objective (§4.1; Banister 1975, Morton et al. 1990). Every hard constraint is affine in the
 * week's load L given the past, so the week is simulated at L = 0 and L = 1 and each constraint
 * becomes an upper bound; L = lo + z·(cap − lo). Taper weeks come from (ρ, σ) and the same caps.
 * Fixed left-to-right arithmetic, no allocation in the hot path (it runs ~10⁵ times per plan).
 */
import type { PlanContext } from './context';

export type CapReason = 'max weekly load' | 'session cap' | 'CTL ramp' | 'ACWR' | 'TSB floor' | 'recovery week' | 'taper' | 'no load possible' | 'workout durations';

export interface DecodedPlan {
  loads: number[];
  reasons: CapReason[];
  caps: number[];
  /** Banister performance on race morning, p(R) (p₀ = 0). */
  performance: number;
}

interface Sim {
  g: number;
  h: number;
}

/** Upper bound on L for week w from the state at its start; reason of the tightest bound. */
function weekCap(c: PlanContext, s: Sim, loads: readonly number[], w: number, taper: boolean, out: { reason: CapReason }): number {
  const r = c.schema.rules;
  const sh = c.sharesByWeek[w];
  let cap = c.maxLoad;
  let reason: CapReason = 'max weekly load';
  const consider = (v: number, why: CapReason): void => {
    if (v < cap) [cap, reason] = [v, why];
  };
  consider(c.sessionCap / c.maxShareByWeek[w], 'session cap');
  consider(c.capacity[w], 'workout durations');
  let g0 = s.g;
  let h0 = s.h;
  let g1 = s.g;
  let h1 = s.h;
  for (let i = 0; i < 7; i++) {
    g0 = g0 * c.e1;
    h0 = h0 * c.e2;
    g1 = g1 * c.e1 + sh[i];
    h1 = h1 * c.e2 + sh[i];
    // Daily TSB floor on the form each day leaves for the next morning.
    const t0 = c.a1 * g0 - c.a2 * h0;
    const slope = c.a1 * g1 - c.a2 * h1 - t0;
    if (slope < 0) consider((r.tsbFloor - t0) / slope, 'TSB floor');
  }
  if (!taper) consider((r.ctlRampPerWeek + c.a1 * s.g - c.a1 * g0) / (c.a1 * g1 - c.a1 * g0), 'CTL ramp');
  const prev = (k: number): number => (w - k >= 0 ? loads[w - k] : c.history[3 + w - k]);
  consider((r.acwrMax * (prev(1) + prev(2) + prev(3))) / (4 - r.acwrMax), 'ACWR');
  if (!taper && w % r.recoveryEvery === r.recoveryEvery - 1) consider(r.recoveryFactor * prev(1), 'recovery week');
  if (cap < 0) [cap, reason] = [0, 'no load possible'];
  out.reason = reason;
  return cap;
}

function applyWeek(c: PlanContext, s: Sim, load: number, w: number): void {
  const sh = c.sharesByWeek[w];
  for (let i = 0; i < 7; i++) {
    s.g = s.g * c.e1 + load * sh[i];
    s.h = s.h * c.e2 + load * sh[i];
  }
}

/** x = (z₀ … z_{W−3}, ρ, σ) → weekly loads, binding constraints and p(R). */
export function decodePlan(c: PlanContext, x: readonly number[]): DecodedPlan {
  const weeks = c.request.weeks;
  const loads = new Array<number>(weeks);
  const caps = new Array<number>(weeks);
  const reasons = new Array<CapReason>(weeks);
  const s: Sim = { g: c.g0, h: c.h0 };
  const why = { reason: 'max weekly load' as CapReason };
  const minLoad = c.minLoad;
  for (let w = 0; w < weeks - 2; w++) {
    const cap = weekCap(c, s, loads, w, false, why);
    const lo = Math.min(minLoad, cap);
    loads[w] = lo + x[w] * (cap - lo);
    caps[w] = cap;
    reasons[w] = why.reason; // what sets the week's ceiling, whether or not the load reaches it
    applyWeek(c, s, loads[w], w);
  }
  const rho = x[weeks - 2];
  const sigma = x[weeks - 1];
  const at = (k: number): number => (k >= 0 ? loads[k] : c.history[3 + k]);
  const pre = (at(weeks - 5) + at(weeks - 4) + at(weeks - 3)) / 3;
  const tot = 2 * rho * pre;
  const t1 = weeks - 2;
  const cap1 = weekCap(c, s, loads, t1, true, why);
  loads[t1] = Math.max(Math.min(minLoad, cap1), Math.min(cap1, tot - Math.max(minLoad, tot * (1 - sigma))));
  caps[t1] = cap1;
  reasons[t1] = loads[t1] === cap1 ? why.reason : 'taper';
  applyWeek(c, s, loads[t1], t1);
  const t2 = weeks - 1;
  const cap2 = weekCap(c, s, loads, t2, true, why);
  loads[t2] = Math.min(cap2, Math.max(minLoad, tot - loads[t1]));
  caps[t2] = cap2;
  reasons[t2] = loads[t2] === cap2 ? why.reason : 'taper';
  applyWeek(c, s, loads[t2], t2);
  // p on race morning = k₁g·e₁ − k₂h·e₂ with (g, h) after the day before the race. With the race in
  // the last week, (g, h) are one race day (share 0) further on: g = g_before·e₁, so p = k₁g − k₂h.
  const performance = c.raceInLastWeek ? c.model.k1 * s.g - c.model.k2 * s.h : c.model.k1 * s.g * c.e1 - c.model.k2 * s.h * c.e2;
  return { loads, reasons, caps, performance };
}
