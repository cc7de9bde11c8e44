/** twoMeans (interval detection's levels) with a binary-searched split and prefix sums equals the plain loop exactly. */
import { describe, expect, it } from 'vitest';
import { twoMeans } from '../../../src/core/metrics/intervals';
import { lcg } from './fixtures';

/** The loop as it was before issue 14 item 5: every step sums both sides over every value. */
function referenceTwoMeans(values: Float64Array): [number, number] {
  const sorted = values.sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))]!;
  let lo = at(0.2);
  let hi = at(0.8);
  for (let it = 0; it < 50; it++) {
    const mid = (lo + hi) / 2;
    let sl = 0, nl = 0, sh = 0, nh = 0;
    for (const v of sorted) {
      if (v < mid) { sl += v; nl++; } else { sh += v; nh++; }
    }
    const nlo = nl > 0 ? sl / nl : lo;
    const nhi = nh > 0 ? sh / nh : hi;
    if (nlo === lo && nhi === hi) break;
    lo = nlo;
    hi = nhi;
  }
  return [lo, hi];
}

describe('twoMeans', () => {
  it('equals the plain loop on bimodal, uniform, quantised, constant and tied samples', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = lcg(seed);
      const n = 8 + Math.floor(rnd() * 6000);
      const kind = seed % 5;
      const values = Float64Array.from({ length: n }, (_, i) => {
        if (kind === 0) return (i % 7 < 3 ? 4.2 : 2.6) + (rnd() - 0.5) * 0.6; // reps and recoveries
        if (kind === 1) return 0.5 + rnd() * 5; // no structure
        if (kind === 2) return Math.round((2 + rnd() * 3) * 1000) / 1000; // FIT's 1/1000 m/s, many ties
        if (kind === 3) return 3.3; // constant
        return rnd() < 0.5 ? 180 + Math.round(rnd() * 4) : 320 + Math.round(rnd() * 40); // whole watts
      });
      expect(twoMeans(values.slice())).toEqual(referenceTwoMeans(values.slice()));
    }
  });
});
