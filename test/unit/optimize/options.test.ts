import { describe, expect, it } from 'vitest';
import { buildTestProblem, initDe, stepDe } from '../../../src/core/optimize';
import type { DeOptions, DeProblem } from '../../../src/core/optimize';
import { DomainError } from '../../../src/core/errors';

const sphere = buildTestProblem('sphere', 2);

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('invalid_options');
    return (e as Error).message;
  }
  throw new Error('expected a DomainError');
}

describe('DE option validation (checked once, precise messages)', () => {
  const cases: Array<[string, DeOptions, string]> = [
    ['strategy', { strategy: 'rand1bin' as 'best1bin' }, "strategy must be 'best1bin' (the only one implemented), got rand1bin"],
    ['popsize 0', { popsize: 0 }, 'popsize must be an integer ≥ 1, got 0'],
    ['popsize 1.5', { popsize: 1.5 }, 'popsize must be an integer ≥ 1, got 1.5'],
    ['mutation 2', { mutation: 2 }, 'mutation must be a number in [0, 2), got 2'],
    ['mutation NaN', { mutation: NaN }, 'mutation must be a number in [0, 2), got NaN'],
    ['mutation reversed', { mutation: [1, 0.5] }, 'mutation range must have min < max, got [1, 0.5]'],
    ['mutation hi', { mutation: [0.5, 2.5] }, 'mutation[1] must be a number in [0, 2), got 2.5'],
    ['recombination', { recombination: 1.1 }, 'recombination must be a number in [0, 1], got 1.1'],
    ['tol', { tol: -1 }, 'tol must be a finite number ≥ 0, got -1'],
    ['atol', { atol: Infinity }, 'atol must be a finite number ≥ 0, got Infinity'],
    ['maxiter', { maxiter: -1 }, 'maxiter must be an integer ≥ 0, got -1'],
    ['init', { init: 'sobol' as 'random' }, "init must be 'latinhypercube' or 'random', got sobol"],
    ['x0 length', { x0: [1] }, 'x0 must have 2 entries'],
    ['x0 outside', { x0: [0, 6] }, 'x0[1] = 6 lies outside the bounds [-5.12, 5.12]'],
    ['unknown', { polish: true } as DeOptions, "unknown option 'polish'"],
  ];
  for (const [label, options, message] of cases) {
    it(`rejects ${label}`, () => expect(messageOf(() => initDe(sphere, options, 1))).toBe(message));
  }

  it('rejects bad problems and seeds', () => {
    const base: DeProblem = sphere;
    expect(messageOf(() => initDe({ ...base, dimensions: 0 }, {}, 1))).toBe('dimensions must be an integer ≥ 1, got 0');
    expect(messageOf(() => initDe({ ...base, bounds: [[0, 1]] }, {}, 1))).toBe('bounds must have one [lower, upper] pair per dimension (2), got 1');
    expect(messageOf(() => initDe({ ...base, bounds: [[0, 1], [2, 1]] }, {}, 1))).toBe('bounds[1] has lower 2 > upper 1');
    expect(messageOf(() => initDe({ ...base, bounds: [[0, 1], [0, Infinity]] }, {}, 1))).toBe('bounds[1] must be finite, got [0, Infinity]');
    expect(messageOf(() => initDe(base, {}, -1))).toBe('seed must be an integer in [0, 4294967295], got -1');
    expect(messageOf(() => initDe(base, {}, 2 ** 32))).toBe('seed must be an integer in [0, 4294967295], got 4294967296');
  });

  it('rejects bad budgets', () => {
    const s = initDe(sphere, {}, 1);
    expect(messageOf(() => stepDe(sphere, s, { maxGenerations: 0 }))).toBe('budget.maxGenerations must be an integer ≥ 1, got 0');
    expect(messageOf(() => stepDe(sphere, s, { maxEvaluations: 0 }))).toBe('budget.maxEvaluations must be a number ≥ 1, got 0');
  });

  it('accepts SciPy defaults and edge values; fixed parameters shrink the population and stay fixed', () => {
    const s = initDe(sphere, { mutation: 0, recombination: 0, maxiter: 0 }, 1);
    expect(s.done).toBe(true);
    expect(s.header.options).toMatchObject({ popsize: 15, tol: 0.01, atol: 0, dither: false });
    const fixed: DeProblem = { dimensions: 3, bounds: [[-1, 1], [2, 2], [-1, 1]], objective: (x) => x[0] ** 2 + x[2] ** 2 + x[1] };
    const r = stepDe(fixed, initDe(fixed, {}, 1), { maxGenerations: 5 });
    expect(r.header.populationSize).toBe(30);
    expect(r.population.every((m) => m[1] >= 0 && m[1] <= 1)).toBe(true);
  });
});
