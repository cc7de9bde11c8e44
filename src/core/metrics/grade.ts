/**
 * Grade and grade-adjusted pace (ALGORITHMS.md §1.5).
 * Minetti AE et al. (2002) J Appl Physiol 93:1039 — energy cost of running C_r(i), J kg⁻¹ m⁻¹.
 * Optional "Strava-like" curve: third-party digitisation of D. Robb, "An Improved GAP Model"
 * (Strava Engineering, 2017), repo hughac94/rungrade-test `src/Coefficients.js` — not official.
 */
import type { GapModel } from './types';

const FLAT_COST = 3.6;
const HALF_WINDOW_M = 25;
const MIN_WINDOW_M = 10;
const MAX_GRADE = 0.45;

/** Minetti C_r(i) for −0.45 ≤ i ≤ 0.45 (clamped). */
export function computeMinettiCost(grade: number): number {
  const i = Math.max(-MAX_GRADE, Math.min(MAX_GRADE, grade));
  return ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6;
}

/** Cost ratio r(i) = cost at grade i / cost on the flat. */
export function computeCostRatio(grade: number, model: GapModel = 'minetti'): number {
  if (model === 'minetti') return computeMinettiCost(grade) / FLAT_COST;
  const g = Math.max(-35, Math.min(35, grade * 100));
  return 1 + 0.0326567 * g + 0.00205357 * g * g - 3.98957e-6 * g ** 3 - 5.29444e-7 * g ** 4;
}

/**
 * Grade per record from altitude interpolated on distance over a ±25 m window (clipped to the
 * course ends). A window narrower than 10 m reuses the previous grade. Where distance does not
 * advance (standing), the first altitude seen at that distance is used so barometric drift while
 * standing cannot create a grade. Returns undefined when fewer than two usable points exist.
 */
export function computeGrades(d: Float64Array, alt: Float64Array): Float64Array | undefined {
  const ds: number[] = [];
  const as: number[] = [];
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(alt[i])) continue;
    if (ds.length > 0 && d[i] <= ds[ds.length - 1]) continue;
    ds.push(d[i]);
    as.push(alt[i]);
  }
  const m = ds.length;
  if (m < 2) return undefined;
  const grades = new Float64Array(d.length);
  let pLo = 0;
  let pHi = 0;
  const at = (x: number, p: number): number => (as[p] + ((as[p + 1] - as[p]) * (x - ds[p])) / (ds[p + 1] - ds[p]));
  let prev = 0;
  for (let k = 0; k < d.length; k++) {
    const lo = Math.max(ds[0], d[k] - HALF_WINDOW_M);
    const hi = Math.min(ds[m - 1], d[k] + HALF_WINDOW_M);
    if (hi - lo < MIN_WINDOW_M) {
      grades[k] = prev;
      continue;
    }
    while (pLo < m - 2 && ds[pLo + 1] < lo) pLo++;
    while (pHi < m - 2 && ds[pHi + 1] < hi) pHi++;
    const g = (at(hi, pHi) - at(lo, pLo)) / (hi - lo);
    prev = Math.max(-MAX_GRADE, Math.min(MAX_GRADE, g));
    grades[k] = prev;
  }
  return grades;
}

export interface GapResult {
  /** cost ratio per interval (grade at its start record) */
  ratio: Float64Array;
  /** equivalent flat distance D_eq = Σ Δd·r */
  equivalentM: number;
}

export function computeGap(d: Float64Array, grades: Float64Array, model: GapModel): GapResult {
  const ratio = new Float64Array(d.length);
  let eq = 0;
  for (let k = 0; k < d.length; k++) {
    ratio[k] = computeCostRatio(grades[k], model);
    if (k + 1 < d.length) eq += (d[k + 1] - d[k]) * ratio[k];
  }
  return { ratio, equivalentM: eq };
}
