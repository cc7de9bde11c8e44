/**
 * Critical speed and D′ from best efforts (ALGORITHMS.md §3).
 * Model: 2-parameter linear distance–time D = CS·t + D′ by OLS (Monod & Scherrer 1965; Hill 1993
 * Sports Med 16:237; Poole et al. 2016 MSSE 48:2320; Jones & Vanhatalo 2017 Sports Med 47:65).
 * Selection: 2–20 min efforts (GoldenCheetah PDModel), at least one ≥ 10 min (Maturana et al. 2018
 * J Sci Med Sport 21:742), two-point fits only for maximal tests (Kordi et al. 2019 IJSPP 14:685).
 * Acceptance: 2 ≤ CS ≤ 7 m/s, 30 ≤ D′ ≤ 600 m, SE(CS) ≤ 3 %, SE(D′) ≤ 25 % valid, ≤ 50 % low
 * confidence (D′ test–retest CV ≈ 13 %, Galbraith et al. 2014 IJSPP 9:931).
 */
import type { CriticalSpeedResult, CsEffortInput, CsEffortUsed, CsOptions, LinearFit } from './types';
import { fitDistanceTime } from './fit-distance-time';
import { resolveCsOptions, type ResolvedCsOptions } from './options';
import { addPredictionIntervals, computeCsSpread } from './prediction-interval';
import { predictRaceTimes } from './predictions';
import { selectEfforts, type SelectedEffort } from './select-efforts';

function used(e: SelectedEffort, residualM?: number): CsEffortUsed {
  const out: CsEffortUsed = { distanceM: e.distanceM, timeS: e.timeS, sessionId: e.sessionId };
  if (e.ms !== undefined) out.achievedAt = new Date(e.ms).toISOString();
  if (residualM !== undefined) out.residualM = residualM;
  return out;
}

function refuse(code: string, reason: string, efforts: SelectedEffort[]): CriticalSpeedResult {
  return { status: 'insufficient_data', code, reason, efforts: efforts.map((e) => used(e)) };
}

/** The §3.3 minimum-data rules; returns a refusal or undefined when the set may be fitted. */
function checkSet(set: SelectedEffort[], o: ResolvedCsOptions): CriticalSpeedResult | undefined {
  const allTests = set.length > 0 && set.every((e) => e.isTest);
  const minN = allTests ? 2 : 3;
  if (set.length < minN) {
    return refuse('too_few_efforts', `need at least ${minN} best efforts of ${o.minDurationS}–${o.maxDurationS} s at different distances, found ${set.length}`, set);
  }
  if (!allTests && new Set(set.map((e) => e.sessionId)).size < 2) {
    return refuse('single_session', 'all efforts come from one session; at least two sessions are needed unless the efforts are tagged as tests', set);
  }
  const tMin = set[0].timeS;
  const tMax = set[set.length - 1].timeS;
  if (tMax / tMin < o.minDurationRatio) {
    return refuse('narrow_duration_range', `longest/shortest effort duration is ${(tMax / tMin).toFixed(2)}, need ≥ ${o.minDurationRatio}`, set);
  }
  if (tMax < o.minLongestS) {
    return refuse('no_long_effort', `the longest effort lasts ${tMax.toFixed(0)} s, need one of at least ${o.minLongestS} s (efforts < 10 min overestimate CS)`, set);
  }
  return undefined;
}

/** Drops the most sub-maximal point (e_k < −2s) and refits, at most ⌊(n−3)/2⌋ times. */
function fitWithDrops(set: SelectedEffort[], o: ResolvedCsOptions): { fit?: LinearFit; kept: SelectedEffort[]; dropped: SelectedEffort[] } {
  let kept = set;
  const dropped: SelectedEffort[] = [];
  let fit = fitDistanceTime(kept);
  const maxDrops = o.dropSubmaximal ? Math.floor((set.length - 3) / 2) : 0;
  while (fit && fit.residualM !== undefined && dropped.length < maxDrops) {
    const s = fit.residualM;
    let worst = -1;
    fit.residuals.forEach((e, k) => {
      if (e < -2 * s && (worst < 0 || e < fit!.residuals[worst])) worst = k;
    });
    if (worst < 0) break;
    dropped.push(kept[worst]);
    kept = kept.filter((_, k) => k !== worst);
    fit = fitDistanceTime(kept);
  }
  return { fit, kept, dropped };
}

export function fitCriticalSpeed(efforts: readonly CsEffortInput[], options: CsOptions = {}): CriticalSpeedResult {
  const o = resolveCsOptions(options);
  const set = selectEfforts(efforts, o);
  const early = checkSet(set, o);
  if (early) return early;
  const { fit, kept, dropped } = fitWithDrops(set, o);
  if (!fit) return refuse('degenerate', 'the efforts do not determine a line (all durations equal)', set);
  const after = checkSet(kept, o);
  if (after) return after;
  const { csMps: cs, dPrimeM: dp } = fit;
  if (!(cs >= 2 && cs <= 7)) return refuse('cs_out_of_range', `fitted CS ${cs.toFixed(3)} m/s is outside 2–7 m/s`, kept);
  if (!(dp >= 30 && dp <= 600)) return refuse('d_prime_out_of_range', `fitted D′ ${dp.toFixed(1)} m is outside 30–600 m`, kept);
  const csPct = fit.seCsMps === undefined ? undefined : (100 * fit.seCsMps) / cs;
  const dPrimePct = fit.seDPrimeM === undefined ? undefined : (100 * fit.seDPrimeM) / dp;
  if (csPct !== undefined && csPct > 3) return refuse('imprecise', `SE(CS) is ${csPct.toFixed(2)} % of CS, need ≤ 3 %`, kept);
  if (dPrimePct !== undefined && dPrimePct > 50) return refuse('imprecise', `SE(D′) is ${dPrimePct.toFixed(1)} % of D′, need ≤ 50 %`, kept);
  const se: Record<string, number | undefined> = { csMps: fit.seCsMps, dPrimeM: fit.seDPrimeM, csPct, dPrimePct, residualM: fit.residualM };
  for (const k of Object.keys(se)) if (se[k] === undefined) delete se[k];
  const spread = computeCsSpread(kept.map((e) => e.timeS), fit.residualM);
  return {
    status: dPrimePct !== undefined && dPrimePct > 25 ? 'low_confidence' : 'valid',
    model: 'distance-time-2p',
    csMps: cs,
    dPrimeM: dp,
    r2: fit.r2,
    se,
    efforts: kept.map((e, k) => used(e, fit.residuals[k])),
    dropped: dropped.map((e) => used(e)),
    predictions: addPredictionIntervals(cs, dp, spread, predictRaceTimes(cs, dp, o.predictionDistancesM)),
    spread,
  };
}
