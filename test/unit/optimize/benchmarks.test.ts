import { describe, expect, it } from 'vitest';
import { bestOf, buildTestProblem, initDe, stepDe } from '../../../src/core/optimize';
import type { DeOptions, TestFunctionName } from '../../../src/core/optimize';

// ALGORITHMS.md §6.2: N = 10, defaults, S = 150. Our PRNG is not NumPy's, so the runs differ seed by
// seed; the checks are the quality/budget envelope the table documents.
function run(fn: TestFunctionName, seed: number, options: DeOptions = {}) {
  const problem = buildTestProblem(fn, 10);
  return bestOf(stepDe(problem, initDe(problem, options, seed)));
}

describe('§6.2 benchmark functions reach the expected quality within budget', () => {
  it('Sphere: f = 0 for 5 seeds within ~60 k evaluations', () => {
    for (let seed = 0; seed < 5; seed++) {
      const b = run('sphere', seed);
      expect(b.energy).toBe(0);
      expect(b.converged).toBe(true);
      expect(b.evaluations).toBeLessThanOrEqual(62_000);
    }
  });

  it('Ackley: float64 floor 4.44e−16 for 5 seeds within ~60 k evaluations', () => {
    for (let seed = 0; seed < 5; seed++) {
      const b = run('ackley', seed);
      expect(b.energy).toBeLessThan(1e-15);
      expect(b.evaluations).toBeLessThanOrEqual(62_000);
    }
  });

  it('Rosenbrock, tol 0 and atol 1e−8: converges near (1,…,1) for most seeds within 85 k evaluations', () => {
    let global = 0;
    for (let seed = 1; seed < 5; seed++) {
      const b = run('rosenbrock', seed, { tol: 0, atol: 1e-8 });
      expect(b.converged).toBe(true);
      expect(b.evaluations).toBeLessThanOrEqual(85_000);
      if (b.energy < 1e-7) global++;
    }
    expect(global).toBeGreaterThanOrEqual(3);
  });

  it('Rosenbrock, defaults: tol never triggers near f ≈ 0, runs maxiter (150 150 evaluations) to ≤ 1e−15', () => {
    const b = run('rosenbrock', 2);
    expect(b.evaluations).toBe(150_150);
    expect(b.converged).toBe(false);
    expect(b.energy).toBeLessThan(1e-15);
    b.x.forEach((xi) => expect(Math.abs(xi - 1)).toBeLessThan(1e-7));
  });

  it('Rastrigin: global optimum for most seeds within 150 k evaluations', () => {
    let global = 0;
    for (let seed = 0; seed < 6; seed++) {
      const b = run('rastrigin', seed);
      expect(b.evaluations).toBeLessThanOrEqual(150_150);
      if (b.energy < 1e-9) global++;
    }
    expect(global).toBeGreaterThanOrEqual(5);
  });
});
