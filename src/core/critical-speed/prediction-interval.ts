/**
 * Race predictions with an 80 % interval (ALGORITHMS.md §3.3–§3.4).
 *
 * Up to 10 km the prediction is the CS model t̂ = (D − D′)/CS, read off the OLS line D = CS·t + D′.
 * Its interval is the line's prediction interval for ONE new maximal effort (Draper & Smith 1998,
 * "Applied Regression Analysis" §3.2; inverse prediction as in calibration): at the duration t̂
 * a new effort's distance lies within ±q·s·√(1 + 1/n + (t̂ − t̄)²/S_tt) of the line, q the Student
 * t quantile for n − 2 degrees of freedom; a distance short or over by δ at that pace costs δ/CS
 * seconds. So the width grows with the scatter of the runner's own efforts (s), with few efforts
 * (q, 1/n) and with extrapolation away from their durations (t̂ − t̄)² — all from the fit itself.
 * A two-effort fit (tagged tests) has no scatter estimate: ±3 %. Never narrower than ±1 %: race
 * day (weather, course, pacing) is not in the fit, and CS alone varies ≈ 0.4 % test to retest
 * (Galbraith et al. 2014 IJSPP 9:931) — the 1 % floor is our judgement, stated as such.
 *
 * Beyond 10 km the prediction extends the CS-model 10 km with Riegel's t₂ = t₁(D₂/D₁)^E
 * (Riegel 1981 Am Sci 69:285, E = 1.06). The exponent is personal: elite runners slow less
 * (E < 1.06) and recreational runners more — Riegel 1.06 was ≥ 10 min too fast in the marathon
 * for half of 2303 recreational runners (Vickers & Vertosick 2016, BMC Sports Sci Med Rehabil
 * 8:1; 10 min in 3:30 is E ≈ 1.093 from a 10 km). The interval therefore spans E ∈ [1.04, 1.10]
 * applied to the 10 km interval's ends; when the %CS marathon norm (Smyth & Muniz-Pumares 2020)
 * is the slower and so the prediction, the upper end is at least that norm widened like the 10 km.
 */
import { predictFromCsNorm, predictRiegel } from './predictions';
import type { CsSpread, RacePrediction } from './types';

export const INTERVAL_LEVEL = 0.8;
export const RIEGEL_EXPONENT_RANGE: readonly [number, number] = [1.04, 1.1];
const MIN_HALF_WIDTH = 0.01;
const TWO_POINT_HALF_WIDTH = 0.03;
const MAX_CS_MODEL_M = 10000;

/** Student t 0.90 quantiles (two-sided 80 %) for 1 … 30 degrees of freedom; beyond, the normal 1.2816. */
const T90 = [
  3.0777, 1.8856, 1.6377, 1.5332, 1.4759, 1.4398, 1.4149, 1.3968, 1.383, 1.3722,
  1.3634, 1.3562, 1.3502, 1.345, 1.3406, 1.3368, 1.3334, 1.3304, 1.3277, 1.3253,
  1.3232, 1.3212, 1.3195, 1.3178, 1.3163, 1.315, 1.3137, 1.3125, 1.3114, 1.3104,
];

export function studentT90(df: number): number {
  if (!(df >= 1)) return Infinity;
  return df <= 30 ? T90[Math.floor(df) - 1] : 1.2816;
}

/** Relative half-width (of t̂) of the CS-model interval at a race duration t̂. */
export function computeCsHalfWidth(csMps: number, spread: CsSpread | undefined, tHatS: number): number {
  if (!spread || spread.residualM === undefined || spread.n < 3) return TWO_POINT_HALF_WIDTH;
  const q = studentT90(spread.n - 2);
  const d = tHatS - spread.meanTimeS;
  const halfM = q * spread.residualM * Math.sqrt(1 + 1 / spread.n + (d * d) / spread.sttS2);
  return Math.max(MIN_HALF_WIDTH, halfM / csMps / tHatS);
}

/** Adds `lowS`/`highS` (the 80 % interval) to hybrid predictions made from this CS, D′ and fit. */
export function addPredictionIntervals(csMps: number, dPrimeM: number, spread: CsSpread | undefined, predictions: readonly RacePrediction[]): RacePrediction[] {
  const t10 = (MAX_CS_MODEL_M - dPrimeM) / csMps;
  const w10 = computeCsHalfWidth(csMps, spread, t10);
  const [eLo, eHi] = RIEGEL_EXPONENT_RANGE;
  return predictions.map((p) => {
    let lowS: number;
    let highS: number;
    if (p.distanceM <= MAX_CS_MODEL_M) {
      const w = computeCsHalfWidth(csMps, spread, p.timeS);
      lowS = p.timeS * (1 - w);
      highS = p.timeS * (1 + w);
    } else {
      lowS = predictRiegel(t10 * (1 - w10), MAX_CS_MODEL_M, p.distanceM, eLo);
      highS = predictRiegel(t10 * (1 + w10), MAX_CS_MODEL_M, p.distanceM, eHi);
      if (p.method === 'pct-cs-norm') highS = Math.max(highS, predictFromCsNorm(csMps, p.distanceM) * (1 + w10));
    }
    return { ...p, lowS: Math.min(lowS, p.timeS), highS: Math.max(highS, p.timeS) };
  });
}

/** The fit's own spread, from the efforts it kept (what the interval needs, stored with the fit). */
export function computeCsSpread(timesS: readonly number[], residualM: number | undefined): CsSpread {
  const n = timesS.length;
  const meanTimeS = timesS.reduce((a, t) => a + t, 0) / n;
  const sttS2 = timesS.reduce((a, t) => a + (t - meanTimeS) ** 2, 0);
  return residualM === undefined ? { n, meanTimeS, sttS2 } : { n, meanTimeS, sttS2, residualM };
}
