/**
 * Types of the resumable differential-evolution engine (ALGORITHMS.md §6.1, §6.3).
 * Everything mutable lives in `DeState`, a plain value: checkpoint it with `serializeDeState`,
 * resume it with `parseDeState` + `stepDe`, and the run is bit-identical to an unchunked one.
 */
import type { RngState } from './prng';

/** What to minimise. `objective` must be deterministic: same x → same number, every time. */
export interface DeProblem {
  /** Number of parameters N (≥ 1). */
  readonly dimensions: number;
  /** Finite [lower, upper] per parameter, lower ≤ upper (equal bounds fix a parameter). */
  readonly bounds: ReadonlyArray<readonly [number, number]>;
  /** Energy to minimise; NaN is never accepted, +Infinity is allowed. Receives a fresh array. */
  objective(x: number[]): number;
  /**
   * Hash of everything the objective depends on (athlete state, template, constraint settings).
   * Stored in the state header; `stepDe` refuses to resume a state built for another fingerprint.
   */
  readonly fingerprint?: string;
}

/** SciPy `differential_evolution` options (the subset that matters without polish/constraints). */
export interface DeOptions {
  /** Only 'best1bin' (SciPy's default) is implemented. Default 'best1bin'. */
  strategy?: 'best1bin';
  /** Population multiplier: S = max(5, popsize·max(1, N − #fixed)). Integer ≥ 1. Default 15. */
  popsize?: number;
  /** F constant in [0, 2), or dither range [lo, hi] with 0 ≤ lo < hi < 2 (one draw per generation). Default [0.5, 1]. */
  mutation?: number | readonly [number, number];
  /** Crossover probability CR in [0, 1]. Default 0.7. */
  recombination?: number;
  /** Relative convergence tolerance: stop when std(E) ≤ atol + tol·|mean(E)|. ≥ 0. Default 0.01. */
  tol?: number;
  /** Absolute convergence tolerance, ≥ 0. Default 0. */
  atol?: number;
  /** Maximum number of generations, integer ≥ 0. Default 1000. */
  maxiter?: number;
  /** Initial population: 'latinhypercube' (default) or 'random' (uniform in the unit cube). */
  init?: 'latinhypercube' | 'random';
  /** Optional warm start, replaces member 0; must lie inside the bounds. */
  x0?: readonly number[];
}

/** Options after validation and defaults: immutable, stored in the state header. */
export interface ResolvedDeOptions {
  strategy: 'best1bin';
  popsize: number;
  /** [lo, hi]; lo === hi means a constant F with no dither draw. */
  mutation: [number, number];
  dither: boolean;
  recombination: number;
  tol: number;
  atol: number;
  maxiter: number;
  init: 'latinhypercube' | 'random';
  x0: number[] | null;
}

/** Immutable facts of a run; a resume must match them. */
export interface DeHeader {
  /** Bumped whenever the draw order or arithmetic changes (old checkpoints must not resume). */
  algorithmVersion: number;
  seed: number;
  dimensions: number;
  populationSize: number;
  lower: number[];
  upper: number[];
  options: ResolvedDeOptions;
  fingerprint: string | null;
}

/** The complete mutable state of a run. Member 0 is always the best. */
export interface DeState {
  header: DeHeader;
  /** S × N members in the unit cube [0, 1]. */
  population: number[][];
  /** S energies (may be +Infinity or NaN). */
  energies: number[];
  /** SciPy's persistent shuffled index array: forgetting it breaks bit-identity. */
  index: number[];
  rng: RngState;
  /** Generations done (SciPy `nit`). */
  generation: number;
  /** Objective evaluations so far (SciPy `nfev`). */
  evaluations: number;
  converged: boolean;
  done: boolean;
  /** SciPy's status message once done, '' before. */
  message: string;
}

/** How much work one `stepDe` call may do. At least one generation always runs (if not done). */
export interface DeBudget {
  /** Stop after this many generations (integer ≥ 1). */
  maxGenerations?: number;
  /** Do not start a generation that would push this call's evaluations past this (≥ 1). */
  maxEvaluations?: number;
  /** Checked after each generation; true = stop now (e.g. 70 % of the CPU budget used). */
  deadline?: () => boolean;
}

/** The best member, in problem coordinates. */
export interface DeBest {
  x: number[];
  energy: number;
  generation: number;
  evaluations: number;
  converged: boolean;
  done: boolean;
  message: string;
}
