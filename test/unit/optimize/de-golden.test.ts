import { describe, expect, it } from 'vitest';
import { bestOf, buildTestProblem, initDe, stepDe, DE_MESSAGE_CONVERGED } from '../../../src/core/optimize';
import type { TestFunctionName } from '../../../src/core/optimize';

// ALGORITHMS.md §6.4 golden runs: default options, sequential-sum objectives.
const GOLDEN: Array<{ fn: TestFunctionName; n: number; seed: number; nit: number; nfev: number; f: number; x: number[] }> = [
  { fn: 'rosenbrock', n: 2, seed: 1, nit: 133, nfev: 4020, f: 5.127595883936577e-30, x: [1.0000000000000004, 1.000000000000001] },
  { fn: 'rosenbrock', n: 2, seed: 42, nit: 136, nfev: 4110, f: 5.127595883936577e-30, x: [1.0000000000000004, 1.000000000000001] },
  { fn: 'rosenbrock', n: 5, seed: 1, nit: 572, nfev: 42975, f: 4.762747715271859e-29, x: [1.0000000000000004, 1.000000000000001, 1.000000000000002, 1.0000000000000036, 1.000000000000007] },
  { fn: 'rosenbrock', n: 5, seed: 42, nit: 86, nfev: 6525, f: 3.9325799411453155, x: [-0.9632158159904187, 0.9413902362616184, 0.890655615351015, 0.7965093838274995, 0.6349786337852565] },
  { fn: 'sphere', n: 5, seed: 1, nit: 204, nfev: 15375, f: 0, x: [0, 0, 0, 0, 0] },
  { fn: 'sphere', n: 5, seed: 42, nit: 200, nfev: 15075, f: 0, x: [0, 0, 0, 0, 0] },
];

describe('DE golden runs (§6.4), reproduced exactly', () => {
  for (const g of GOLDEN) {
    it(`${g.fn} N=${g.n} seed ${g.seed}: nit ${g.nit}, nfev ${g.nfev}, f ${g.f}`, () => {
      const problem = buildTestProblem(g.fn, g.n);
      const best = bestOf(stepDe(problem, initDe(problem, {}, g.seed)));
      expect(best.generation).toBe(g.nit);
      expect(best.evaluations).toBe(g.nfev);
      expect(best.energy).toBe(g.f);
      expect(best.x).toEqual(g.x);
      expect(best.converged).toBe(true);
      expect(best.message).toBe(DE_MESSAGE_CONVERGED);
    });
  }

  it('nfev = S·(nit + 1) and S = max(5, popsize·N)', () => {
    const problem = buildTestProblem('sphere', 3);
    const s = stepDe(problem, initDe(problem, { popsize: 4 }, 9), { maxGenerations: 7 });
    expect(s.header.populationSize).toBe(12);
    expect(s.evaluations).toBe(12 * (7 + 1));
    const tiny = initDe(buildTestProblem('sphere', 1), { popsize: 2 }, 9);
    expect(tiny.header.populationSize).toBe(5);
  });
});
