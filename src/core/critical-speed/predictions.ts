/**
 * Race-time prediction (ALGORITHMS.md §3.4).
 * CS model t = (D − D′)/CS for 800 m–10 km; Riegel PS (1981) Am Sci 69:285, t₂ = t₁(D₂/D₁)^1.06;
 * the marathon %CS norm interpolates Smyth & Muniz-Pumares (2020) MSSE 52:2637 (2:30 → 93.0 %,
 * 6:00 → 78.9 %). Hybrid: ≤ 10 km CS model; ≤ half marathon Riegel from the CS-model 10 km;
 * longer (marathon, and our 30 km) the slower of Riegel and the %CS norm.
 * Also: Bock's personal Riegel exponent and Cameron (Runalyze `Prognosis/{Bock,Cameron}.php`),
 * Daniels & Gilbert (1979) VDOT with the published 0.182258 coefficient.
 */
import type { RacePrediction } from './types';

export const HALF_MARATHON_M = 21097.5;
const MIN_CS_MODEL_M = 800;
const MAX_CS_MODEL_M = 10000;

export function predictRiegel(t1S: number, d1M: number, d2M: number, exponent = 1.06): number {
  return t1S * (d2M / d1M) ** exponent;
}

/** Bock: E = ln(t₂/t₁)/ln(D₂/D₁); the exponent is only meaningful for 1 < E < 2. */
export function computeRiegelExponent(t1S: number, d1M: number, t2S: number, d2M: number): { exponent: number; valid: boolean } {
  const exponent = Math.log(t2S / t1S) / Math.log(d2M / d1M);
  return { exponent, valid: exponent > 1 && exponent < 2 };
}

function cameronF(x: number): number {
  return 13.49681 - 0.000030363 * x + 835.7114 / x ** 0.7905;
}

export function predictCameron(t1S: number, d1M: number, d2M: number): number {
  return t1S * (d2M / d1M) * (cameronF(d1M) / cameronF(d2M));
}

/** VDOT from a race (v in m/min, t in min); valid ≈ 3.5–240 min. */
export function computeVdot(distanceM: number, timeS: number): number {
  const t = timeS / 60;
  const v = distanceM / t;
  const vo2 = -4.6 + 0.182258 * v + 0.000104 * v * v;
  const pct = 0.8 + 0.1894393 * Math.exp(-0.012778 * t) + 0.2989558 * Math.exp(-0.1932605 * t);
  return vo2 / pct;
}

/** Inverse of computeVdot by bisection on t ∈ [2·D_km, 10·D_km] min (VDOT falls as t grows). */
export function predictTimeFromVdot(vdot: number, distanceM: number): number {
  let lo = 2 * (distanceM / 1000);
  let hi = 10 * (distanceM / 1000);
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (computeVdot(distanceM, mid * 60) > vdot) lo = mid;
    else hi = mid;
  }
  return ((lo + hi) / 2) * 60;
}

/** Fraction of CS sustainable for a race of t minutes (linear between the two published points). */
function normFraction(tMin: number): number {
  return Math.min(0.93, Math.max(0.79, 0.93 - (0.14 * (tMin - 150)) / 210));
}

/** Solves t = D / (CS·n(t)) by fixed-point iteration (a contraction: n changes slowly with t). */
export function predictFromCsNorm(csMps: number, distanceM: number): number {
  let t = distanceM / (csMps * 0.93);
  for (let k = 0; k < 100; k++) {
    const next = distanceM / (csMps * normFraction(t / 60));
    if (Math.abs(next - t) < 1e-9) return next;
    t = next;
  }
  return t;
}

export function predictRaceTimes(csMps: number, dPrimeM: number, distancesM: readonly number[]): RacePrediction[] {
  const t10 = (MAX_CS_MODEL_M - dPrimeM) / csMps;
  const out: RacePrediction[] = [];
  for (const D of distancesM) {
    if (D < MIN_CS_MODEL_M) continue;
    let timeS: number;
    let method: RacePrediction['method'];
    if (D <= MAX_CS_MODEL_M) {
      timeS = (D - dPrimeM) / csMps;
      method = 'cs';
    } else {
      timeS = predictRiegel(t10, MAX_CS_MODEL_M, D);
      method = 'riegel-from-cs-10k';
      if (D > HALF_MARATHON_M) {
        const norm = predictFromCsNorm(csMps, D);
        if (norm > timeS) {
          timeS = norm;
          method = 'pct-cs-norm';
        }
      }
    }
    out.push({ distanceM: D, timeS, method, pctCs: (D / timeS / csMps) * 100 });
  }
  return out;
}
