import { describe, expect, it } from 'vitest';
import { fitBanister, performanceIndexOf } from '../../../src/core/banister';
import { createRng, seedRng } from '../../../src/core/optimize';

interface Truth { p0: number; k1: number; k2: number; tau1: number; tau2: number }

/** A generated history: a season of varied training (build, recovery weeks, a break), tests every 6 days. */
function generate(truth: Truth, seed: number, noise: number) {
  const rng = createRng(seedRng(seed));
  const days = 280;
  const loads: number[] = [];
  for (let d = 0; d < days; d++) {
    const week = Math.floor(d / 7);
    const base = week % 4 === 3 ? 30 : 40 + 2 * (week % 12) * (1 + (week >= 24 ? -0.5 : 0));
    const rest = d % 7 === 4 || (week >= 14 && week <= 15);
    loads.push(rest ? 0 : base * (0.4 + 1.4 * rng.random()));
  }
  const firstDay = 20000;
  const tests = [];
  for (let d = 30; d < days; d += 6) {
    let p = truth.p0;
    for (let i = 0; i < d; i++) p += loads[i] * (truth.k1 * Math.exp(-(d - i) / truth.tau1) - truth.k2 * Math.exp(-(d - i) / truth.tau2));
    tests.push({ day: firstDay + d, performance: p * (1 + noise * (2 * rng.random() - 1)) });
  }
  return { firstDay, loads, tests };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('Banister parameter fit (ALGORITHMS.md §4.4)', () => {
  const truths: Truth[] = [
    { p0: 3.4, k1: 0.0008, k2: 0.0016, tau1: 42, tau2: 7 },
    { p0: 4.0, k1: 0.0010, k2: 0.0030, tau1: 35.5, tau2: 11.2 },
    { p0: 3.0, k1: 0.0006, k2: 0.0015, tau1: 50, tau2: 5 },
  ];
  for (const [i, truth] of truths.entries()) {
    it(`recovers generated parameters within 10 % (set ${i + 1}: τ₁ ${truth.tau1}, τ₂ ${truth.tau2}, k₂/k₁ ${truth.k2 / truth.k1})`, () => {
      const fit = fitBanister(generate(truth, 11 + i, 0.001));
      expect(fit.status).toBe('fitted');
      const errors = { k1: rel(fit.k1, truth.k1), k2: rel(fit.k2, truth.k2), tau1: rel(fit.tau1, truth.tau1), tau2: rel(fit.tau2, truth.tau2) };
      console.log(`set ${i + 1}: recovery errors ${Object.entries(errors).map(([k, v]) => `${k} ${(v * 100).toFixed(2)} %`).join(', ')}; R² ${fit.r2.toFixed(4)}`);
      for (const e of Object.values(errors)) expect(e).toBeLessThan(0.1);
      expect(fit.r2).toBeGreaterThan(0.9);
    });
  }

  it('exact data: recovers the parameters to the grid (0.1 d)', () => {
    const truth = truths[0];
    const fit = fitBanister(generate(truth, 3, 0));
    expect(fit.tau1).toBeCloseTo(42, 5);
    expect(fit.tau2).toBeCloseTo(7, 5);
    expect(rel(fit.k1, truth.k1)).toBeLessThan(1e-6);
    expect(fit.rmse).toBeLessThan(1e-9);
  });

  it('refuses too few tests, too short a span, and noise that hides the response — keeping the defaults', () => {
    const data = generate(truths[0], 5, 0.001);
    const few = fitBanister({ ...data, tests: data.tests.slice(0, 4) });
    expect(few).toMatchObject({ status: 'insufficient', k1: 1, k2: 2, tau1: 42, tau2: 7 });
    expect(few.reason).toMatch(/Too few hard efforts/);
    const short = fitBanister({ ...data, tests: data.tests.slice(0, 8) });
    expect(short.status).toBe('insufficient');
    expect(short.reason).toMatch(/span only/);
    const rng = createRng(seedRng(1));
    const noise = fitBanister({ ...data, tests: data.tests.map((t) => ({ ...t, performance: 3 + rng.random() })) });
    expect(noise.status).toBe('insufficient');
  });

  it('performance index: the CS a best effort implies with the runner\'s D′, only for 2–40 min efforts', () => {
    expect(performanceIndexOf(5000, 1305, 172.9)).toBeCloseTo((5000 - 172.9) / 1305, 12);
    expect(performanceIndexOf(400, 70, 172.9)).toBeUndefined();
    expect(performanceIndexOf(21097.5, 5400, 172.9)).toBeUndefined();
  });
});
