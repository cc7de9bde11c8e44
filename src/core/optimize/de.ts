/**
 * Resumable, seeded differential evolution with SciPy `differential_evolution` semantics
 * (scipy/scipy scipy/optimize/_differentialevolution.py 1.17.1; Storn & Price 1997;
 * ALGORITHMS.md §§6.1, 6.3). A run is `initDe` then `stepDe` until `isDeDone`; the state between
 * calls is a plain value, so a Worker can checkpoint it and continue in the next queue message.
 * Chunking happens only at generation boundaries, so chunked and unchunked runs are bit-identical.
 */
import { DomainError } from '../errors';
import { createRng, seedRng } from './prng';
import { resolveDeOptions, validateDeProblem, validateSeed } from './options';
import { createScaling, initPopulation, isConverged, promoteLowestEnergy, runGeneration, scaleMember, unscaleMember } from './generation';
import type { Working } from './generation';
import type { DeBest, DeBudget, DeOptions, DeProblem, DeState } from './types';

/** Bump when the draw order or arithmetic changes: old checkpoints must then refuse to resume. */
export const DE_ALGORITHM_VERSION = 1;

export const DE_MESSAGE_CONVERGED = 'Optimization terminated successfully.';
export const DE_MESSAGE_MAXITER = 'Maximum number of iterations has been exceeded.';

/** Validates everything once, draws and evaluates the initial population (nfev = S). */
export function initDe(problem: DeProblem, options: DeOptions, seed: number): DeState {
  validateDeProblem(problem);
  const resolved = resolveDeOptions(options ?? {}, problem);
  validateSeed(seed);
  const n = problem.dimensions;
  const lower = problem.bounds.map((b) => b[0]);
  const upper = problem.bounds.map((b) => b[1]);
  const fixed = lower.filter((lo, j) => lo === upper[j]).length;
  const size = Math.max(5, resolved.popsize * Math.max(1, n - fixed));
  const scaling = createScaling(lower, upper);
  const rng = createRng(seedRng(seed));

  const pop = initPopulation(rng, size, n, resolved.init);
  if (resolved.x0) pop[0] = unscaleMember(resolved.x0, scaling);
  const energies = pop.map((u) => problem.objective(scaleMember(u, scaling)));
  promoteLowestEnergy(pop, energies);

  const done = resolved.maxiter === 0;
  return {
    header: { algorithmVersion: DE_ALGORITHM_VERSION, seed, dimensions: n, populationSize: size, lower, upper, options: resolved, fingerprint: problem.fingerprint ?? null },
    population: pop,
    energies,
    index: Array.from({ length: size }, (_, i) => i),
    rng: rng.snapshot(),
    generation: 0,
    evaluations: size,
    converged: false,
    done,
    message: done ? DE_MESSAGE_MAXITER : '',
  };
}

function checkBudget(budget: DeBudget): void {
  const bad = (field: string, message: string): never => {
    throw new DomainError('invalid_options', message, { details: { field } });
  };
  if (budget === null || typeof budget !== 'object') bad('budget', 'budget must be an object');
  const { maxGenerations, maxEvaluations, deadline } = budget;
  if (maxGenerations !== undefined && (!Number.isInteger(maxGenerations) || maxGenerations < 1)) {
    bad('budget.maxGenerations', `budget.maxGenerations must be an integer ≥ 1, got ${String(maxGenerations)}`);
  }
  if (maxEvaluations !== undefined && (typeof maxEvaluations !== 'number' || Number.isNaN(maxEvaluations) || maxEvaluations < 1)) {
    bad('budget.maxEvaluations', `budget.maxEvaluations must be a number ≥ 1, got ${String(maxEvaluations)}`);
  }
  if (deadline !== undefined && typeof deadline !== 'function') bad('budget.deadline', 'budget.deadline must be a function');
}

/** Refuses to resume a state made for another problem (SciPy has no resume; this guards checkpoints). */
function checkResume(problem: DeProblem, state: DeState): void {
  const h = state.header;
  const mismatch = (what: string): never => {
    throw new DomainError('de_state_mismatch', `cannot resume: the checkpoint's ${what} differs from the problem's`, { details: { what } });
  };
  if (h.algorithmVersion !== DE_ALGORITHM_VERSION) mismatch('algorithm version');
  if (problem.dimensions !== h.dimensions) mismatch('dimensions');
  problem.bounds.forEach((b, j) => {
    if (!Object.is(b[0], h.lower[j]) || !Object.is(b[1], h.upper[j])) mismatch(`bounds[${j}]`);
  });
  if ((problem.fingerprint ?? null) !== h.fingerprint) mismatch('fingerprint');
}

/**
 * Advances whole generations within the budget and returns a NEW state (the input is untouched).
 * At least one generation runs unless the state is done, so a caller can never stall.
 */
export function stepDe(problem: DeProblem, state: DeState, budget: DeBudget = {}): DeState {
  checkBudget(budget);
  checkResume(problem, state);
  if (state.done) return state;
  const h = state.header;
  const o = h.options;
  const scaling = createScaling(h.lower, h.upper);
  const rng = createRng(state.rng);
  const w: Working = {
    pop: state.population.map((row) => row.slice()),
    energies: state.energies.slice(),
    index: state.index.slice(),
    evaluations: state.evaluations,
  };
  const objective = problem.objective.bind(problem);
  let generation = state.generation;
  let converged = false;
  let done = false;
  let ran = 0;
  for (;;) {
    if (ran > 0) {
      if (budget.maxGenerations !== undefined && ran >= budget.maxGenerations) break;
      if (budget.maxEvaluations !== undefined && w.evaluations - state.evaluations + h.populationSize > budget.maxEvaluations) break;
      if (budget.deadline && budget.deadline()) break;
    }
    runGeneration(w, rng, o, scaling, objective);
    generation += 1;
    ran += 1;
    converged = isConverged(w.energies, o.tol, o.atol);
    if (converged || generation >= o.maxiter) {
      done = true;
      break;
    }
  }
  return {
    header: h,
    population: w.pop,
    energies: w.energies,
    index: w.index,
    rng: rng.snapshot(),
    generation,
    evaluations: w.evaluations,
    converged,
    done,
    message: !done ? '' : converged ? DE_MESSAGE_CONVERGED : DE_MESSAGE_MAXITER,
  };
}

export function isDeDone(state: DeState): boolean {
  return state.done;
}

/** The best member (always slot 0) in problem coordinates, with the run's counters. */
export function bestOf(state: DeState): DeBest {
  const scaling = createScaling(state.header.lower, state.header.upper);
  return {
    x: scaleMember(state.population[0], scaling),
    energy: state.energies[0],
    generation: state.generation,
    evaluations: state.evaluations,
    converged: state.converged,
    done: state.done,
    message: state.message,
  };
}
