/**
 * Ordinary least squares of the linear distance–time model D = CS·t + D′ (ALGORITHMS.md §3.1,
 * §3.3; Monod & Scherrer 1965; Hill 1993 Sports Med 16:237; Smyth & Muniz-Pumares 2020 MSSE
 * 52:2637). Closed form with standard errors: SE(CS) = s/√S_tt, SE(D′) = s·√(1/n + t̄²/S_tt),
 * s = √(Σe²/(n−2)). Centred sums keep the arithmetic well conditioned.
 */
import type { LinearFit } from './types';

export function fitDistanceTime(points: ReadonlyArray<{ timeS: number; distanceM: number }>): LinearFit | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  let tBar = 0;
  let dBar = 0;
  for (const p of points) {
    tBar += p.timeS;
    dBar += p.distanceM;
  }
  tBar /= n;
  dBar /= n;
  let stt = 0;
  let std = 0;
  let sdd = 0;
  for (const p of points) {
    const dt = p.timeS - tBar;
    const dd = p.distanceM - dBar;
    stt += dt * dt;
    std += dt * dd;
    sdd += dd * dd;
  }
  // all efforts of (numerically) the same duration: the slope is not identifiable
  if (!(stt > 1e-12 * Math.max(1, tBar * tBar))) return undefined;
  const cs = std / stt;
  const dPrime = dBar - cs * tBar;
  const residuals = points.map((p) => p.distanceM - (cs * p.timeS + dPrime));
  const sse = residuals.reduce((a, e) => a + e * e, 0);
  const fit: LinearFit = { n, csMps: cs, dPrimeM: dPrime, r2: sdd > 0 ? 1 - sse / sdd : 1, residuals };
  if (n > 2) {
    const s = Math.sqrt(sse / (n - 2));
    fit.residualM = s;
    fit.seCsMps = s / Math.sqrt(stt);
    fit.seDPrimeM = s * Math.sqrt(1 / n + (tBar * tBar) / stt);
  }
  return fit;
}
