/**
 * Validation of DE problems and options, done once in `initDe` (STYLE habit 6). Messages follow
 * SciPy's `DifferentialEvolutionSolver.__init__` checks where SciPy has one.
 */
import { DomainError } from '../errors';
import type { DeOptions, DeProblem, ResolvedDeOptions } from './types';

function fail(message: string, field: string): never {
  throw new DomainError('invalid_options', message, { details: { field } });
}

function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function checkFraction(v: unknown, name: string, min: number, max: number, openMax: boolean): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= min && (openMax ? v < max : v <= max);
  if (!ok) fail(`${name} must be a number in [${min}, ${max}${openMax ? ')' : ']'}, got ${String(v)}`, name);
  return v as number;
}

/** Checks the problem's shape: dimensions, finite ordered bounds. */
export function validateDeProblem(problem: DeProblem): void {
  const n = problem.dimensions;
  if (!isInteger(n) || n < 1) fail(`dimensions must be an integer ≥ 1, got ${String(n)}`, 'dimensions');
  if (!Array.isArray(problem.bounds) || problem.bounds.length !== n) {
    fail(`bounds must have one [lower, upper] pair per dimension (${n}), got ${Array.isArray(problem.bounds) ? problem.bounds.length : typeof problem.bounds}`, 'bounds');
  }
  problem.bounds.forEach((b, i) => {
    if (!Array.isArray(b) || b.length !== 2) fail(`bounds[${i}] must be a [lower, upper] pair`, 'bounds');
    const [lo, hi] = b;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) fail(`bounds[${i}] must be finite, got [${lo}, ${hi}]`, 'bounds');
    if (lo > hi) fail(`bounds[${i}] has lower ${lo} > upper ${hi}`, 'bounds');
  });
  if (typeof problem.objective !== 'function') fail('objective must be a function', 'objective');
  if (problem.fingerprint !== undefined && typeof problem.fingerprint !== 'string') fail('fingerprint must be a string', 'fingerprint');
}

/** Checks the seed: a uint32, so the PRNG stream is defined identically everywhere. */
export function validateSeed(seed: unknown): number {
  if (!isInteger(seed) || seed < 0 || seed > 0xffffffff) fail(`seed must be an integer in [0, 4294967295], got ${String(seed)}`, 'seed');
  return seed;
}

/** Applies SciPy's defaults and rejects anything SciPy would reject (plus what we do not implement). */
export function resolveDeOptions(options: DeOptions, problem: DeProblem): ResolvedDeOptions {
  if (options === null || typeof options !== 'object') fail('options must be an object', 'options');
  const known = new Set(['strategy', 'popsize', 'mutation', 'recombination', 'tol', 'atol', 'maxiter', 'init', 'x0']);
  for (const key of Object.keys(options)) if (!known.has(key)) fail(`unknown option '${key}'`, key);

  const strategy = options.strategy ?? 'best1bin';
  if (strategy !== 'best1bin') fail(`strategy must be 'best1bin' (the only one implemented), got ${String(strategy)}`, 'strategy');

  const popsize = options.popsize ?? 15;
  if (!isInteger(popsize) || popsize < 1) fail(`popsize must be an integer ≥ 1, got ${String(popsize)}`, 'popsize');

  const m = options.mutation ?? [0.5, 1];
  let mutation: [number, number];
  if (typeof m === 'number') {
    mutation = [checkFraction(m, 'mutation', 0, 2, true), m];
  } else if (Array.isArray(m) && m.length === 2) {
    const lo = checkFraction(m[0], 'mutation[0]', 0, 2, true);
    const hi = checkFraction(m[1], 'mutation[1]', 0, 2, true);
    if (!(lo < hi)) fail(`mutation range must have min < max, got [${lo}, ${hi}]`, 'mutation');
    mutation = [lo, hi];
  } else {
    fail('mutation must be a number in [0, 2) or a [min, max] pair with min < max in [0, 2)', 'mutation');
  }

  const recombination = checkFraction(options.recombination ?? 0.7, 'recombination', 0, 1, false);
  const tol = options.tol ?? 0.01;
  if (typeof tol !== 'number' || !Number.isFinite(tol) || tol < 0) fail(`tol must be a finite number ≥ 0, got ${String(tol)}`, 'tol');
  const atol = options.atol ?? 0;
  if (typeof atol !== 'number' || !Number.isFinite(atol) || atol < 0) fail(`atol must be a finite number ≥ 0, got ${String(atol)}`, 'atol');
  const maxiter = options.maxiter ?? 1000;
  if (!isInteger(maxiter) || maxiter < 0) fail(`maxiter must be an integer ≥ 0, got ${String(maxiter)}`, 'maxiter');
  const init = options.init ?? 'latinhypercube';
  if (init !== 'latinhypercube' && init !== 'random') fail(`init must be 'latinhypercube' or 'random', got ${String(init)}`, 'init');

  let x0: number[] | null = null;
  if (options.x0 !== undefined) {
    const v = options.x0;
    if (!Array.isArray(v) || v.length !== problem.dimensions) fail(`x0 must have ${problem.dimensions} entries`, 'x0');
    v.forEach((xi, i) => {
      const [lo, hi] = problem.bounds[i];
      if (typeof xi !== 'number' || !Number.isFinite(xi)) fail(`x0[${i}] must be a finite number, got ${String(xi)}`, 'x0');
      if (xi < lo || xi > hi) fail(`x0[${i}] = ${xi} lies outside the bounds [${lo}, ${hi}]`, 'x0');
    });
    x0 = [...v];
  }
  return { strategy, popsize, mutation, dither: mutation[0] !== mutation[1], recombination, tol, atol, maxiter, init, x0 };
}
