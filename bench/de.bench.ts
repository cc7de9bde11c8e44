/**
 * DE engine benchmark: generations/s, evaluations/s, time to convergence and checkpoint size on the
 * §5.3 reference plan problem and the §6.2 functions (N = 10). Run: node scripts/bench.mjs de
 */
import { bestOf, buildTestProblem, initDe, isDeDone, parseDeState, serializeDeState, stepDe } from '../src/core/optimize';
import type { DeOptions, DeProblem, TestFunctionName } from '../src/core/optimize';
import { buildPlanProblem, DEFAULT_PLAN_SCHEMA } from '../src/core/plan';
import type { PlanInput } from '../src/core/plan';

const LP_OPTIMUM = 2502.8933;

function referenceInput(exact: boolean): PlanInput {
  return {
    request: { raceDistanceM: 42195, today: '2025-01-06', raceDate: '2025-04-28', daysPerWeek: 6, restDays: ['fri'], longRunDay: 'sun', minWeeklyLoad: 100, maxWeeklyLoad: 700, maxSessionLoad: 200 },
    athlete: { ctl: 40, atl: 40, recentWeeklyLoads: [280, 280, 280], csMps: 3.701, dPrimeM: 172.9 },
    schema: exact ? { ...DEFAULT_PLAN_SCHEMA, rules: { ...DEFAULT_PLAN_SCHEMA.rules, capByWorkoutDurations: false } } : DEFAULT_PLAN_SCHEMA,
  };
}

interface Figures { label: string; nit: number; nfev: number; ms: number; best: number; stateBytes: number; evalsTo999?: number; msTo999?: number; chunkMs?: number }

/** One generation per step so progress can be timed; the result is identical to an unchunked run. */
function measure(label: string, problem: DeProblem, options: DeOptions, seed: number, target?: number): Figures {
  const t0 = performance.now();
  let s = initDe(problem, options, seed);
  let evalsTo999: number | undefined;
  let msTo999: number | undefined;
  while (!isDeDone(s)) {
    s = stepDe(problem, s, { maxGenerations: 1 });
    if (target !== undefined && evalsTo999 === undefined && -bestOf(s).energy >= target) {
      evalsTo999 = s.evaluations;
      msTo999 = performance.now() - t0;
    }
  }
  const ms = performance.now() - t0;
  const text = serializeDeState(s);
  const c0 = performance.now();
  for (let i = 0; i < 20; i++) parseDeState(serializeDeState(s));
  const chunkMs = (performance.now() - c0) / 20;
  return { label, nit: s.generation, nfev: s.evaluations, ms, best: bestOf(s).energy, stateBytes: new TextEncoder().encode(text).length, evalsTo999, msTo999, chunkMs };
}

function print(f: Figures): void {
  const extra = f.evalsTo999 !== undefined ? ` | 99.9 % after ${f.evalsTo999} evals / ${f.msTo999!.toFixed(0)} ms` : '';
  console.log(
    `${f.label.padEnd(34)} nit ${String(f.nit).padStart(4)} nfev ${String(f.nfev).padStart(6)} ` +
      `${f.ms.toFixed(0).padStart(5)} ms  ${(f.nit / (f.ms / 1000)).toFixed(0).padStart(5)} gen/s  ${(f.nfev / (f.ms / 1000) / 1000).toFixed(1).padStart(5)} k eval/s  ` +
      `${((f.ms * 1000) / f.nfev).toFixed(1)} µs/eval  best ${f.best.toPrecision(10)}  state ${(f.stateBytes / 1024).toFixed(1)} KiB  ` +
      `ser+parse ${f.chunkMs!.toFixed(2)} ms${extra}`,
  );
}

(globalThis as { gc?: () => void }).gc?.();
console.log('§5.3 reference plan (W = 16, S = 240, tol 1e-4), exact §5.3 decoder:');
for (const seed of [1, 2, 3]) print(measure(`plan seed ${seed}`, buildPlanProblem(referenceInput(true)), { tol: 1e-4 }, seed, 0.999 * LP_OPTIMUM));
console.log('Default schema (workout-duration cap on):');
print(measure('plan default-schema seed 1', buildPlanProblem(referenceInput(false)), { tol: 1e-4 }, 1));
console.log('§6.2 functions (N = 10, S = 150, defaults):');
for (const fn of ['sphere', 'ackley', 'rastrigin', 'rosenbrock'] as TestFunctionName[]) print(measure(`${fn} seed 0`, buildTestProblem(fn, 10), {}, 0));
const heap = process.memoryUsage().heapUsed;
console.log(`heap used at end: ${(heap / 1048576).toFixed(1)} MiB`);
