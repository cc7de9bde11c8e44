/**
 * Benchmark objectives of ALGORITHMS.md §6.2 (Rosenbrock, Rastrigin, Ackley, Sphere), written with
 * fixed left-to-right sums so golden runs (§6.4) are reproducible across engines. Used by the
 * tests and bench/de.bench.ts; they also document how to write a reproducible objective.
 */
import type { DeProblem } from './types';

/** Σ x_i², min 0 at 0; bounds [−5.12, 5.12]. */
export function sphere(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/** Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², in exactly the §6.4 operation order; min 0 at (1,…,1). */
export function rosenbrock(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}

/** 10N + Σ (x_i² − 10 cos 2πx_i), min 0 at 0; bounds [−5.12, 5.12]. */
export function rastrigin(x: readonly number[]): number {
  let s = 10 * x.length;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i] - 10 * Math.cos(2 * Math.PI * x[i]);
  return s;
}

/** −20·exp(−0.2·√(Σx²/N)) − exp(Σcos(2πx)/N) + 20 + e; min 0 (float64 floor 4.44e−16). */
export function ackley(x: readonly number[]): number {
  let sq = 0;
  let cs = 0;
  for (let i = 0; i < x.length; i++) {
    sq += x[i] * x[i];
    cs += Math.cos(2 * Math.PI * x[i]);
  }
  const n = x.length;
  return -20 * Math.exp(-0.2 * Math.sqrt(sq / n)) - Math.exp(cs / n) + 20 + Math.E;
}

export type TestFunctionName = 'sphere' | 'rosenbrock' | 'rastrigin' | 'ackley';

const DOMAINS: Record<TestFunctionName, { f: (x: readonly number[]) => number; half: number; lower?: number; upper?: number }> = {
  sphere: { f: sphere, half: 5.12 },
  rosenbrock: { f: rosenbrock, half: 0, lower: -5, upper: 10 },
  rastrigin: { f: rastrigin, half: 5.12 },
  ackley: { f: ackley, half: 32.768 },
};

/** The §6.2 problem: function and its standard box in N dimensions. */
export function buildTestProblem(name: TestFunctionName, dimensions: number): DeProblem {
  const d = DOMAINS[name];
  const lo = d.lower ?? -d.half;
  const hi = d.upper ?? d.half;
  return {
    dimensions,
    bounds: Array.from({ length: dimensions }, () => [lo, hi] as const),
    objective: (x) => d.f(x),
    fingerprint: `${name}/${dimensions}`,
  };
}
