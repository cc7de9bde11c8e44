/**
 * The inner steps of SciPy's DifferentialEvolutionSolver (scipy/scipy
 * scipy/optimize/_differentialevolution.py, release 1.17.1; ALGORITHMS.md §6.1), `updating='immediate'`,
 * strategy best1bin, no polish, no constraints. Draw order is the contract (§6.3): per generation
 * one dither draw; per candidate `fill`, shuffle of the persistent index, N crossover uniforms,
 * then one uniform per out-of-bounds coordinate. Sums are left to right so results are
 * reproducible across engines (NumPy's pairwise sums make SciPy algorithm-equal, not bit-equal).
 * These functions mutate the working copy handed to them; `stepDe` guarantees that copy is private.
 */
import type { Rng } from './prng';
import type { ResolvedDeOptions } from './types';

export interface Scaling {
  mid: number[];
  span: number[];
}

export function createScaling(lower: readonly number[], upper: readonly number[]): Scaling {
  return {
    mid: lower.map((lo, j) => 0.5 * (lo + upper[j])),
    span: lower.map((lo, j) => Math.abs(lo - upper[j])),
  };
}

/** Unit cube → problem coordinates, SciPy's `_scale_parameters`: mid + (u − 0.5)·span. */
export function scaleMember(u: readonly number[], s: Scaling): number[] {
  const x = new Array<number>(u.length);
  for (let j = 0; j < u.length; j++) x[j] = s.mid[j] + (u[j] - 0.5) * s.span[j];
  return x;
}

/** Problem coordinates → unit cube, SciPy's `_unscale_parameters` (fixed parameters map to 0.5). */
export function unscaleMember(x: readonly number[], s: Scaling): number[] {
  return x.map((xj, j) => {
    const recip = 1 / s.span[j];
    return (xj - s.mid[j]) * (Number.isFinite(recip) ? recip : 0) + 0.5;
  });
}

/** Latin-hypercube (or uniform) initial population, in SciPy's draw order. */
export function initPopulation(rng: Rng, size: number, n: number, init: ResolvedDeOptions['init']): number[][] {
  const uniforms: number[][] = [];
  for (let i = 0; i < size; i++) {
    const row = new Array<number>(n);
    for (let j = 0; j < n; j++) row[j] = rng.random();
    uniforms.push(row);
  }
  if (init === 'random') return uniforms;
  // segsize·U + linspace(0, 1, S, endpoint=False)[i], exactly as SciPy computes it.
  const seg = 1 / size;
  const samples = uniforms.map((row, i) => row.map((u) => seg * u + i * seg));
  const pop = samples.map((row) => row.slice());
  for (let j = 0; j < n; j++) {
    const order = Array.from({ length: size }, (_, i) => i);
    rng.shuffle(order);
    for (let i = 0; i < size; i++) pop[i][j] = samples[order[i]][j];
  }
  return pop;
}

/** np.argmin semantics: first minimum, and a NaN (if any) wins because NumPy propagates it. */
function argmin(energies: readonly number[]): number {
  let best = 0;
  for (let i = 0; i < energies.length; i++) {
    if (Number.isNaN(energies[i])) return i;
    if (energies[i] < energies[best]) best = i;
  }
  return best;
}

/** Swaps the lowest-energy member into slot 0 (SciPy `_promote_lowest_energy`). */
export function promoteLowestEnergy(pop: number[][], energies: number[]): void {
  const l = argmin(energies);
  if (l === 0) return;
  const e = energies[0];
  energies[0] = energies[l];
  energies[l] = e;
  const m = pop[0];
  pop[0] = pop[l];
  pop[l] = m;
}

/** SciPy `converged()`: population SD (ddof 0) ≤ atol + tol·|mean|; any ±Infinity ⇒ false. */
export function isConverged(energies: readonly number[], tol: number, atol: number): boolean {
  const s = energies.length;
  let sum = 0;
  for (let i = 0; i < s; i++) {
    if (energies[i] === Infinity || energies[i] === -Infinity) return false;
    sum += energies[i];
  }
  const mean = sum / s;
  let sq = 0;
  for (let i = 0; i < s; i++) {
    const d = energies[i] - mean;
    sq += d * d;
  }
  return Math.sqrt(sq / s) <= atol + tol * Math.abs(mean);
}

export interface Working {
  pop: number[][];
  energies: number[];
  index: number[];
  evaluations: number;
}

/** One generation of best1bin with immediate updating. Returns nothing: `w` is updated in place. */
export function runGeneration(w: Working, rng: Rng, o: ResolvedDeOptions, scaling: Scaling, objective: (x: number[]) => number): void {
  const { pop, energies, index } = w;
  const size = pop.length;
  const n = pop[0].length;
  const f = o.dither ? rng.uniform(o.mutation[0], o.mutation[1]) : o.mutation[0];
  const cr = o.recombination;
  for (let c = 0; c < size; c++) {
    const fill = rng.integer(n);
    rng.shuffle(index);
    // SciPy `_select_samples(c, 5)`: first 6 of the permutation, drop c; best1 needs r0, r1.
    let r0 = -1;
    let r1 = -1;
    for (let k = 0; k < 6 && k < size && r1 < 0; k++) {
      if (index[k] === c) continue;
      if (r0 < 0) r0 = index[k];
      else r1 = index[k];
    }
    const best = pop[0];
    const a = pop[r0];
    const b = pop[r1];
    const current = pop[c];
    const trial = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const cross = rng.random() < cr || j === fill;
      trial[j] = cross ? best[j] + f * (a[j] - b[j]) : current[j];
    }
    // Out-of-bounds coordinates are re-drawn uniformly, one draw each in ascending j.
    for (let j = 0; j < n; j++) if (trial[j] > 1 || trial[j] < 0) trial[j] = rng.random();
    const energy = objective(scaleMember(trial, scaling));
    w.evaluations += 1;
    if (energy <= energies[c]) {
      pop[c] = trial;
      energies[c] = energy;
      if (energy <= energies[0]) promoteLowestEnergy(pop, energies);
    }
  }
}
