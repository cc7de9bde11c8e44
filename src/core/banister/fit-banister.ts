/**
 * Fitting the Banister impulse–response model to a runner's own history (ALGORITHMS.md §4.4):
 * p(n) = p₀ + k₁·Σ_{i<n} w_i e^(−(n−i)/τ₁) − k₂·Σ_{i<n} w_i e^(−(n−i)/τ₂).
 * For fixed (τ₁, τ₂) p is linear in (p₀, k₁, k₂), so each grid point is a 3×3 least-squares solve;
 * the grid (τ₁ 1 d, τ₂ 0.5 d steps, then a 0.1 d refinement around the best cell) keeps the
 * minimum SSE with k₁, k₂ > 0. Bounds are the literature's: τ₁ 20–60 d, τ₂ 3–20 d (Hellard et al.
 * 2006, J Sports Sci 24:509: τa 17–59, τf 6–32; Busso/Banister defaults 42/7, GoldenCheetah 50/11).
 * Identifiability is poor (Hellard et al.), so a fit is used only with ≥ 5 tests over ≥ 60 days and
 * R² ≥ 0.5; otherwise the caller keeps the textbook defaults and says so.
 */

export interface BanisterTest {
  /** day number (days since 1970-01-01, the runner's local calendar); performance on that morning */
  day: number;
  performance: number;
}

export interface BanisterFitInput {
  /** daily loads from `firstDay` on, one per day (rest days 0) */
  firstDay: number;
  loads: readonly number[];
  tests: readonly BanisterTest[];
}

export interface BanisterFitBounds {
  tau1: [number, number];
  tau2: [number, number];
  minTests: number;
  minSpanDays: number;
  minR2: number;
}

export const BANISTER_FIT_BOUNDS: BanisterFitBounds = { tau1: [20, 60], tau2: [3, 20], minTests: 5, minSpanDays: 60, minR2: 0.5 };

export interface BanisterFit {
  status: 'fitted' | 'insufficient';
  /** why a fit was refused, in a runner's words (absent when fitted) */
  reason?: string;
  p0: number;
  k1: number;
  k2: number;
  tau1: number;
  tau2: number;
  /** quality: R², root-mean-square error (performance units), tests used, days they span */
  r2: number;
  rmse: number;
  tests: number;
  spanDays: number;
}

interface Solve {
  sse: number;
  p0: number;
  k1: number;
  k2: number;
}

/** Fitness and fatigue sums on each test morning for one (τ₁, τ₂): one pass over the days. */
function features(input: BanisterFitInput, tau1: number, tau2: number, order: number[]): { g: number[]; h: number[] } {
  const e1 = Math.exp(-1 / tau1);
  const e2 = Math.exp(-1 / tau2);
  const g: number[] = new Array(order.length);
  const h: number[] = new Array(order.length);
  let gs = 0;
  let hs = 0;
  let t = 0;
  // Sum on the morning of day n covers loads of days < n, each decayed e^(−(n−i)/τ).
  for (let i = 0; i <= input.loads.length && t < order.length; i++) {
    while (t < order.length && input.tests[order[t]].day - input.firstDay === i) {
      g[t] = gs;
      h[t] = hs;
      t++;
    }
    const w = i < input.loads.length ? input.loads[i] : 0;
    gs = (gs + w) * e1;
    hs = (hs + w) * e2;
  }
  return { g, h };
}

/** Least squares of p on [1, g, −h] by the normal equations (3×3, Cramer's rule). */
function solve(p: number[], g: number[], h: number[]): Solve | null {
  const n = p.length;
  let sg = 0, sh = 0, sp = 0, sgg = 0, shh = 0, sgh = 0, sgp = 0, shp = 0;
  for (let i = 0; i < n; i++) {
    sg += g[i]; sh += h[i]; sp += p[i];
    sgg += g[i] * g[i]; shh += h[i] * h[i]; sgh += g[i] * h[i];
    sgp += g[i] * p[i]; shp += h[i] * p[i];
  }
  // Unknowns (p0, k1, m) with m = −k2: [n sg sh; sg sgg sgh; sh sgh shh]·x = [sp sgp shp].
  const a = [[n, sg, sh], [sg, sgg, sgh], [sh, sgh, shh]];
  const b = [sp, sgp, shp];
  const det = (m: number[][]) => m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(a);
  if (!Number.isFinite(d) || Math.abs(d) < 1e-12 * Math.max(1, Math.abs(sgg * shh * n))) return null;
  const col = (k: number) => det(a.map((row, r) => row.map((v, c) => (c === k ? b[r] : v))));
  const p0 = col(0) / d;
  const k1 = col(1) / d;
  const k2 = -col(2) / d;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const e = p[i] - (p0 + k1 * g[i] - k2 * h[i]);
    sse += e * e;
  }
  return { sse, p0, k1, k2 };
}

function refused(reason: string, tests: number, spanDays: number): BanisterFit {
  return { status: 'insufficient', reason, p0: 0, k1: 1, k2: 2, tau1: 42, tau2: 7, r2: 0, rmse: 0, tests, spanDays };
}

export function fitBanister(input: BanisterFitInput, bounds: BanisterFitBounds = BANISTER_FIT_BOUNDS): BanisterFit {
  const order = input.tests
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => Number.isFinite(t.performance) && t.day >= input.firstDay && t.day <= input.firstDay + input.loads.length)
    .sort((x, y) => x.t.day - y.t.day)
    .map(({ i }) => i);
  const n = order.length;
  const spanDays = n > 0 ? input.tests[order[n - 1]].day - input.tests[order[0]].day : 0;
  if (n < bounds.minTests) return refused(`Too few hard efforts to fit your own model (${n}; it needs ${bounds.minTests} or more).`, n, spanDays);
  if (spanDays < bounds.minSpanDays) return refused(`Your hard efforts span only ${spanDays} days; the model needs them spread over ${bounds.minSpanDays} days or more.`, n, spanDays);
  const p = order.map((i) => input.tests[i].performance);

  let best: (Solve & { tau1: number; tau2: number }) | null = null;
  const tryAt = (tau1: number, tau2: number): void => {
    if (tau2 >= tau1) return;
    const f = features(input, tau1, tau2, order);
    const s = solve(p, f.g, f.h);
    if (!s || !(s.k1 > 0) || !(s.k2 > 0)) return;
    if (!best || s.sse < best.sse) best = { ...s, tau1, tau2 };
  };
  for (let t1 = bounds.tau1[0]; t1 <= bounds.tau1[1] + 1e-9; t1 += 1) for (let t2 = bounds.tau2[0]; t2 <= bounds.tau2[1] + 1e-9; t2 += 0.5) tryAt(t1, t2);
  const coarse = best as (Solve & { tau1: number; tau2: number }) | null;
  if (!coarse) return refused('Your efforts do not show a clear response to training yet, so the plan uses textbook values.', n, spanDays);
  for (let i = -10; i <= 10; i++) {
    for (let j = -5; j <= 5; j++) {
      const t1 = Math.round((coarse.tau1 + i * 0.1) * 10) / 10;
      const t2 = Math.round((coarse.tau2 + j * 0.1) * 10) / 10;
      if (t1 >= bounds.tau1[0] && t1 <= bounds.tau1[1] && t2 >= bounds.tau2[0] && t2 <= bounds.tau2[1]) tryAt(t1, t2);
    }
  }
  const fit = best as unknown as Solve & { tau1: number; tau2: number };
  const mean = p.reduce((s, v) => s + v, 0) / n;
  const sst = p.reduce((s, v) => s + (v - mean) ** 2, 0);
  const r2 = sst > 0 ? 1 - fit.sse / sst : 0;
  const rmse = Math.sqrt(fit.sse / n);
  const result: BanisterFit = { status: 'fitted', p0: fit.p0, k1: fit.k1, k2: fit.k2, tau1: fit.tau1, tau2: fit.tau2, r2, rmse, tests: n, spanDays };
  if (r2 < bounds.minR2) return { ...result, status: 'insufficient', reason: `Your efforts follow your training only loosely (R² ${r2.toFixed(2)}), so the plan uses textbook values.` };
  return result;
}

/**
 * A best effort as a performance index: the critical speed it implies with the runner's D′,
 * (D − D′)/t in m/s (the CS model, ALGORITHMS.md §3.1), for efforts of 2–40 minutes where the
 * model holds. Undefined outside that window.
 */
export function performanceIndexOf(distanceM: number, timeS: number, dPrimeM: number): number | undefined {
  if (!(timeS >= 120 && timeS <= 2400) || !(distanceM > dPrimeM)) return undefined;
  return (distanceM - dPrimeM) / timeS;
}
