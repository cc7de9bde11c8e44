/**
 * Training load per session (ALGORITHMS.md §1.9).
 * TRIMPexp: Banister (1991); Morton, Fitz-Clarke & Banister (1990) J Appl Physiol 69:1171 —
 * per-sample summation (not average HR, which underestimates intervals), men a 0.64 b 1.92,
 * women a 0.86 b 1.67. hrLoad: TRIMP normalised so 60 min at LTHR = 100 (GoldenCheetah
 * "TRIMP_100_Points"). rTSS-equivalent: 100·(T_mov/3600)·IF², IF = v_GAP / v_thr (Friel; v_thr = CS).
 * Power TSS: Allen & Coggan, 100·(T/3600)·IF², IF = NP / CP.
 * PMC load priority: power TSS → rTSS → hrLoad → none.
 */
import type { Sex, SessionLoad } from './types';
import type { HrSettings } from './heart-rate';
import { isPlausibleHr } from './heart-rate';
import type { SessionStreams } from './streams';

export const TRIMP_COEFFICIENTS: Record<Sex, { a: number; b: number }> = {
  male: { a: 0.64, b: 1.92 },
  female: { a: 0.86, b: 1.67 },
};

function trimpWeight(hr: number, rest: number, max: number, a: number, b: number): number {
  const x = Math.max(0, Math.min(1, (hr - rest) / (max - rest)));
  return x * a * Math.exp(b * x);
}

/** Σ (e_i/60)·x·a·e^(b·x) over non-gap in-timer intervals with HR. */
export function computeTrimp(s: SessionStreams, hr: Float64Array, settings: HrSettings, sex: Sex): number {
  const { a, b } = TRIMP_COEFFICIENTS[sex];
  let sum = 0;
  for (let i = 0; i < s.n; i++) {
    if (s.e[i] <= 0 || s.gap[i] || !isPlausibleHr(hr[i])) continue;
    sum += (s.e[i] / 60) * trimpWeight(hr[i], settings.restingHr, settings.maxHr, a, b);
  }
  return sum;
}

/** TRIMP of a constant-HR bout (closed form), e.g. the hrLoad reference of 60 min at LTHR. */
export function computeConstantTrimp(minutes: number, hr: number, restingHr: number, maxHr: number, sex: Sex): number {
  const { a, b } = TRIMP_COEFFICIENTS[sex];
  return minutes * trimpWeight(hr, restingHr, maxHr, a, b);
}

export interface LoadInputs {
  trimp?: number;
  edwardsTrimp?: number;
  settings?: HrSettings;
  sex: Sex;
  /** threshold speed (CS) and the speed rTSS is based on (GAP when known, else moving speed) */
  thresholdSpeedMps?: number;
  loadSpeedMps?: number;
  movingS?: number;
  thresholdPowerW?: number;
  normalizedPowerW?: number;
  timerS: number;
}

export function computeSessionLoad(inp: LoadInputs): SessionLoad | undefined {
  const load: SessionLoad = {};
  if (inp.trimp !== undefined && inp.settings) {
    load.trimp = inp.trimp;
    load.trimpCoefficients = { ...TRIMP_COEFFICIENTS[inp.sex], sex: inp.sex };
    const ref = computeConstantTrimp(60, inp.settings.thresholdHr, inp.settings.restingHr, inp.settings.maxHr, inp.sex);
    if (ref > 0) load.hrLoad = (100 * inp.trimp) / ref;
  }
  if (inp.edwardsTrimp !== undefined) load.edwardsTrimp = inp.edwardsTrimp;
  if (inp.thresholdSpeedMps !== undefined && inp.loadSpeedMps !== undefined && inp.movingS !== undefined) {
    const intensity = inp.loadSpeedMps / inp.thresholdSpeedMps;
    load.rTss = 100 * (inp.movingS / 3600) * intensity * intensity;
  }
  if (inp.thresholdPowerW !== undefined && inp.normalizedPowerW !== undefined) {
    const intensity = inp.normalizedPowerW / inp.thresholdPowerW;
    load.powerTss = 100 * (inp.timerS / 3600) * intensity * intensity;
  }
  if (load.powerTss !== undefined) Object.assign(load, { value: load.powerTss, source: 'powerTss' });
  else if (load.rTss !== undefined) Object.assign(load, { value: load.rTss, source: 'rTss' });
  else if (load.hrLoad !== undefined) Object.assign(load, { value: load.hrLoad, source: 'hrLoad' });
  return Object.keys(load).length > 0 ? load : undefined;
}
