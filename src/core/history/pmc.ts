/**
 * Fitness–fatigue recursions (ALGORITHMS.md §4.1).
 * PMC (Coggan; TrainingPeaks "Fitness (CTL)"; GoldenCheetah `src/Metrics/PMCData.cpp`):
 * CTL_d = CTL_{d−1} + α₄₂(w_d − CTL_{d−1}), ATL likewise with α₇, α_τ = 1 − e^(−1/τ) by default;
 * TSB(today) = CTL(yesterday) − ATL(yesterday).
 * Banister impulse–response (Banister 1975; Morton, Fitz-Clarke & Banister 1990 J Appl Physiol
 * 69:1171): single-impulse crossover and peak days for gains k₁, k₂ and time constants τ₁, τ₂.
 */

export function computeAlpha(tauDays: number, kind: 'exponential' | 'inverse' = 'exponential'): number {
  return kind === 'inverse' ? 1 / tauDays : 1 - Math.exp(-1 / tauDays);
}

export interface PmcState {
  ctl: number;
  atl: number;
}

/** One day forward with that day's load. */
export function stepPmc(state: PmcState, load: number, alphaCtl: number, alphaAtl: number): PmcState {
  return { ctl: state.ctl + alphaCtl * (load - state.ctl), atl: state.atl + alphaAtl * (load - state.atl) };
}

/** m empty days in O(1): each EWMA decays by (1 − α)^m. */
export function skipEmptyDays(state: PmcState, m: number, alphaCtl: number, alphaAtl: number): PmcState {
  return { ctl: state.ctl * (1 - alphaCtl) ** m, atl: state.atl * (1 - alphaAtl) ** m };
}

/** Days before a race a single load must be applied to help at all: τ₁τ₂·ln(k₂/k₁)/(τ₁ − τ₂). */
export function computeBanisterCrossoverDays(k1 = 1, k2 = 2, tau1 = 42, tau2 = 7): number {
  return (tau1 * tau2 * Math.log(k2 / k1)) / (tau1 - tau2);
}

/** Day on which a single load's positive effect peaks: τ₁τ₂·ln(k₂τ₁/(k₁τ₂))/(τ₁ − τ₂). */
export function computeBanisterPeakDays(k1 = 1, k2 = 2, tau1 = 42, tau2 = 7): number {
  return (tau1 * tau2 * Math.log((k2 * tau1) / (k1 * tau2))) / (tau1 - tau2);
}

/** Banister performance on the morning of day n from daily loads w[0..n−1]: p₀ + Σ w_i(k₁e^(−(n−i)/τ₁) − k₂e^(−(n−i)/τ₂)). */
export function computeBanisterPerformance(loads: readonly number[], n: number, p0 = 0, k1 = 1, k2 = 2, tau1 = 42, tau2 = 7): number {
  let p = p0;
  for (let i = 0; i < Math.min(n, loads.length); i++) p += loads[i] * (k1 * Math.exp(-(n - i) / tau1) - k2 * Math.exp(-(n - i) / tau2));
  return p;
}
