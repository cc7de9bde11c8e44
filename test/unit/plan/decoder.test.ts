import { describe, expect, it } from 'vitest';
import { bestOf, createRng, initDe, seedRng, stepDe } from '../../../src/core/optimize';
import { buildPlanProblem, decodePlan } from '../../../src/core/plan';
import { maxViolation } from './constraints';
import { REFERENCE_X, referenceInput } from './fixtures';

describe('plan decoder and objective (§5.2–5.3)', () => {
  const problem = buildPlanProblem(referenceInput());
  const c = problem.context;

  it('builds the §5.3 problem: N = W = 16, z ∈ [0,1], ρ ∈ [0.4, 0.6], σ ∈ [0.5, 1], §5.3 template', () => {
    expect(problem.dimensions).toBe(16);
    expect(problem.bounds.slice(0, 14).every(([lo, hi]) => lo === 0 && hi === 1)).toBe(true);
    expect(problem.bounds.slice(14)).toEqual([[0.4, 0.6], [0.5, 1]]);
    expect(c.template.roles).toEqual(['easy', 'quality1', 'easy', 'quality2', 'rest', 'easy', 'long']);
    expect(c.template.shares).toEqual([0.12, 0.18, 0.12, 0.16, 0, 0.12, 0.3]);
    expect(c.template.monotony).toBeCloseTo(1.719, 3);
  });

  it('p(all z = 1, ρ = 0.6, σ = 0.866) = 2502.85901921875 exactly, with the LP weekly loads', () => {
    const d = decodePlan(c, REFERENCE_X);
    expect(d.performance).toBe(2502.85901921875);
    expect(problem.objective(REFERENCE_X)).toBe(-2502.85901921875);
    const lp = [404.4, 464.4, 549.3, 439.4, 596.6, 631.3, 666.1, 532.8, 666.7, 666.7, 666.7, 533.3, 666.7, 666.7];
    lp.forEach((v, w) => expect(d.loads[w]).toBeCloseTo(v, 1));
    expect(maxViolation(c, d)).toBeLessThanOrEqual(1e-9);
  });

  it('every constraint holds for random x (the decoder repairs anything)', () => {
    const rng = createRng(seedRng(2024));
    for (let k = 0; k < 500; k++) {
      const x = problem.bounds.map(([lo, hi]) => lo + (hi - lo) * rng.random());
      expect(maxViolation(c, decodePlan(c, x))).toBeLessThanOrEqual(1e-9);
    }
  });

  it('feasible also from a fatigued start (ATL ≫ CTL) and a detrained one', () => {
    for (const athlete of [{ ctl: 30, atl: 75 }, { ctl: 5, atl: 2, recentWeeklyLoads: [20, 10, 0] as [number, number, number] }]) {
      const p = buildPlanProblem(referenceInput(athlete));
      const rng = createRng(seedRng(7));
      for (let k = 0; k < 100; k++) {
        const x = p.bounds.map(([lo, hi]) => lo + (hi - lo) * rng.random());
        expect(maxViolation(p.context, decodePlan(p.context, x))).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('§5.3 acceptance: DE (tol 1e−4, seed 1) result is feasible and ≥ 0.999 × 2502.8933', () => {
    const state = stepDe(problem, initDe(problem, { tol: 1e-4 }, 1));
    const best = bestOf(state);
    const d = decodePlan(c, best.x);
    expect(-best.energy).toBe(d.performance);
    expect(d.performance).toBeGreaterThanOrEqual(0.999 * 2502.8933);
    expect(maxViolation(c, d)).toBeLessThanOrEqual(1e-9);
    // The §5.3 Node experiment with this PRNG: seed 1 → nit 581, nfev 139 680, p 2502.42.
    expect([best.generation, best.evaluations]).toEqual([581, 139_680]);
    expect(d.performance).toBeCloseTo(2502.42, 2);
  });

  it('the fingerprint changes with anything the objective depends on, not with the seed', () => {
    const a = buildPlanProblem(referenceInput()).fingerprint;
    expect(buildPlanProblem({ ...referenceInput(), request: { ...referenceInput().request, seed: 9 } }).fingerprint).toBe(a);
    expect(buildPlanProblem(referenceInput({ ctl: 41 })).fingerprint).not.toBe(a);
  });
});
