/**
 * The fixed choices of a plan optimisation, shared by the request, every chunk, the tests and the
 * benchmark: DE settings (ALGORITHMS.md §6.5), the seed, step ids and checkpoint keys. Step ids and
 * keys are functions of (plan, step number) only, so a redelivered chunk addresses the same rows
 * and objects as the first delivery.
 */
import { DEFAULT_WORKOUT_LIBRARY, hashText } from '../core/plan';
import type { DeOptions, DeProblem } from '../core/optimize';
import { runnerPrefix } from '../core/keys';
import type { PlanInput } from '../core/plan';
import type { PlanCatalog, PlanRow } from '../ports';
import { DomainError } from '../core/errors';

/** The catalogue rows a new plan is built with (seeded by migrations/…_plan_seed.sql). */
export const PLAN_SCHEMA_REF = { id: 'default', version: 1 } as const;
export const PLAN_LIBRARY_REF = { id: DEFAULT_WORKOUT_LIBRARY.id, version: DEFAULT_WORKOUT_LIBRARY.version } as const;

/** Generations of the first chunk (it also evaluates the initial population; nothing measured yet). */
export const FIRST_STEP_GENERATIONS = 50;

/**
 * §6.5: best1bin, popsize 15, dither (0.5, 1), CR 0.7, LHS, tol 1e−4 (the default 0.01 stops ~2 %
 * short on energies ≈ −2500, §5.3), atol = 1e−6 × |f(baseline)| with the baseline at the centre of
 * the box, maxiter 1000, no polish.
 */
export function planDeOptions(problem: DeProblem): DeOptions {
  const centre = problem.bounds.map(([lo, hi]) => (lo + hi) / 2);
  const baseline = problem.objective(centre);
  return { tol: 1e-4, atol: Number.isFinite(baseline) ? 1e-6 * Math.abs(baseline) : 0, maxiter: 1000 };
}

/** §6.5: seed = hash(athlete id, plan id) when the runner gives none, so a plan id reproduces its plan. */
export function derivePlanSeed(runnerId: string, planId: string): number {
  return Number.parseInt(hashText(`${runnerId}/${planId}`), 16);
}

export function planStepId(planId: string, step: number, revision?: number): string {
  return revision ? `plan:${planId}:r${revision}:${step}` : `plan:${planId}:${step}`;
}

/** Every object of one plan (its checkpoints and its re-plans'). */
export function planPrefix(runnerId: string, planId: string): string {
  return `${runnerPrefix(runnerId)}plans/${planId}/`;
}

/** The DE state after chunk `step`, under the runner's prefix (≈ 44 KiB for 16 weeks: R2, not a message). */
export function planCheckpointKey(runnerId: string, planId: string, step: number, revision?: number): string {
  return `${runnerPrefix(runnerId)}plans/${planId}/${revision ? `r${revision}/` : ''}de-${String(step).padStart(4, '0')}.json`;
}

/** Next chunk's generation budget: 70 % of the CPU budget at the measured cost per generation. */
export function nextGenerationBudget(measuredMs: number, generations: number, cpuMs: number, cap: number): number {
  if (generations <= 0 || !(measuredMs > 0)) return cap;
  return Math.max(1, Math.min(cap, Math.floor((0.7 * cpuMs) / (measuredMs / generations))));
}

/** The plan's PlanInput with the schema and workouts READ FROM D1 (the ones the plan pinned). */
export async function loadPlanInput(plan: PlanRow, catalog: PlanCatalog): Promise<PlanInput> {
  const [schema, library] = await Promise.all([catalog.schema(plan.schemaRef), catalog.library(plan.libraryRef)]);
  if (!schema) throw new DomainError('plan_catalog_missing', `The plan schema ${plan.schemaRef.id} v${plan.schemaRef.version} is not in the database.`);
  if (!library) throw new DomainError('plan_catalog_missing', `The workout library ${plan.libraryRef.id} v${plan.libraryRef.version} is not in the database.`);
  return { request: plan.request, athlete: plan.athlete, schema, library };
}
