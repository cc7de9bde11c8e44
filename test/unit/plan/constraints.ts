import type { DecodedPlan, PlanContext } from '../../../src/core/plan';

/**
 * Largest violation of the hard constraints of §5.2, recomputed independently with the normalised
 * EWMA recursion (not the decoder's Banister sums): ≤ 0 means feasible.
 */
export function maxViolation(c: PlanContext, d: DecodedPlan): number {
  const r = c.schema.rules;
  const W = d.loads.length;
  let worst = -Infinity;
  const check = (v: number) => (worst = Math.max(worst, v));
  let ctl = c.a1 * c.g0;
  let atl = c.a2 * c.h0;
  const all = [...c.history, ...d.loads];
  d.loads.forEach((L, w) => {
    const taper = w >= W - 2;
    check(-L);
    check(L - c.maxLoad);
    check(L * c.maxShareByWeek[w] - c.sessionCap);
    check(4 * L - r.acwrMax * (L + all[w + 2] + all[w + 1] + all[w]));
    if (!taper && w % r.recoveryEvery === r.recoveryEvery - 1) check(L - r.recoveryFactor * all[w + 2]);
    const ctlStart = ctl;
    for (let i = 0; i < 7; i++) {
      const load = L * c.sharesByWeek[w][i];
      ctl += c.a1 * (load - ctl);
      atl += c.a2 * (load - atl);
      // A week decoded to 0 cannot do better: a start already below the floor is history, not the plan.
      if (L > 0) check(r.tsbFloor - (ctl - atl));
    }
    if (!taper) check(ctl - ctlStart - r.ctlRampPerWeek);
  });
  return worst;
}
