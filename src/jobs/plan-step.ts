/**
 * One chunk of a plan optimisation (ALGORITHMS.md §6.3; PRODUCT.md flow 2, steps 2–4).
 * Chunk n resumes the DE from checkpoint n − 1 (chunk 0 initialises it), runs whole generations
 * within its budget, writes checkpoint n to R2 and registers chunk n + 1 with the coordinator;
 * the chunk that finishes the DE renders the plan with the schema and workouts read from D1,
 * saves it, and reports no continuation, so the job completes.
 *
 * Idempotent: ids and keys depend on (plan, n) only. A redelivered chunk that finds checkpoint n
 * already written reuses it instead of advancing again; the coordinator registers chunk n + 1
 * once. Even two racing copies are harmless: every checkpoint lies on the same deterministic DE
 * trajectory (chunking never changes it), so whichever copy wins, the plan is the same.
 *
 * Budget: Date.now() in production advances only across I/O, so a deadline alone cannot stop a
 * CPU-bound loop. Each chunk runs at most `task.generations` generations (plus a deadline that
 * works where the clock does advance), measures its cost across the checkpoint write, and sizes
 * the next chunk's generation count to 70 % of the CPU budget.
 */
import { bestOf, initDe, serializeDeState, stepDe } from '../core/optimize';
import { buildPlanProblem, renderPlan } from '../core/plan';
import { DomainError, isDomainError } from '../core/errors';
import type { StepOutcome } from '../core/chain/steps';
import type { PlanStepMessage } from '../contracts/queue-messages';
import type { BlobStore, Clock, Coordinator, PlanActualsSource, PlanCatalog, PlanProgress, PlanRepo, PlanRevisionRepo } from '../ports';
import { advanceRevision } from './replan-step';
import { readCheckpoint } from './plan-checkpoint';
import { runStep } from './run-step';
import { loadPlanInput, nextGenerationBudget, planCheckpointKey, planDeOptions, planStepId } from './plan-options';

export interface PlanStepDeps {
  plans: PlanRepo;
  /** re-plans (plan-step messages with a revision) */
  revisions: PlanRevisionRepo;
  actuals: PlanActualsSource;
  catalog: PlanCatalog;
  blobs: BlobStore;
  coordinator: Coordinator;
  clock: Clock;
  budget: { cpuMs: number; maxGenerations: number };
}

const bytes = new TextEncoder();

export async function runPlanStep(task: PlanStepMessage, deps: PlanStepDeps): Promise<StepOutcome | null> {
  return runStep(deps.coordinator, task, async () => {
    try {
      return task.revision ? await advanceRevision(task as PlanStepMessage & { revision: number }, deps) : await advancePlan(task, deps);
    } catch (error) {
      // A permanent failure closes the plan as well as the step; transient ones are retried.
      if (isDomainError(error) && !error.retryable) await deps.plans.fail(task.runnerId, task.planId, error.code, error.message, deps.clock.now());
      throw error;
    }
  });
}


async function advancePlan(task: PlanStepMessage, deps: PlanStepDeps): Promise<StepOutcome> {
  const plan = await deps.plans.get(task.runnerId, task.planId);
  if (!plan) return { status: 'succeeded', result: { cancelled: true }, message: 'The plan was deleted; optimisation stopped.' };
  if (plan.status === 'completed' || plan.status === 'failed') return { status: 'succeeded', result: { alreadyFinished: plan.status } };
  const input = await loadPlanInput(plan, deps.catalog); // "schema and workouts retrieved"
  const problem = buildPlanProblem(input);
  const key = planCheckpointKey(task.runnerId, task.planId, task.step);

  let state = await readCheckpoint(deps.blobs, key);
  let ran = 0;
  let measuredMs = 0;
  if (!state) {
    const start = task.checkpointKey === null ? initDe(problem, planDeOptions(problem), plan.seed) : await readCheckpoint(deps.blobs, task.checkpointKey);
    if (!start) throw new DomainError('plan_checkpoint_missing', `Checkpoint ${task.checkpointKey} is gone; the optimisation cannot resume.`, { retryable: true });
    const t0 = deps.clock.now();
    const stopAt = t0 + 0.7 * deps.budget.cpuMs;
    state = stepDe(problem, start, { maxGenerations: task.generations, deadline: () => deps.clock.now() >= stopAt });
    await deps.blobs.put(key, bytes.encode(serializeDeState(state)), { contentType: 'application/json' });
    measuredMs = deps.clock.now() - t0; // across the write: the clock has advanced by now everywhere
    ran = state.generation - start.generation;
  }

  const best = bestOf(state);
  const progress: PlanProgress = { checkpointKey: key, checkpointStep: task.step, objective: best.energy, generation: best.generation, evaluations: best.evaluations };
  const banner = { step: task.step + 1, generation: best.generation, evaluations: best.evaluations, bestObjective: best.energy, performance: -best.energy };
  const result = { generation: best.generation, evaluations: best.evaluations, generationsRun: ran, ms: measuredMs, done: state.done };
  if (!state.done) {
    await deps.plans.saveProgress(task.runnerId, task.planId, progress, deps.clock.now());
    const step = task.step + 1;
    const generations = ran > 0 ? nextGenerationBudget(measuredMs, ran, deps.budget.cpuMs, deps.budget.maxGenerations) : task.generations;
    const next: PlanStepMessage = { ...task, stepId: planStepId(task.planId, step), step, checkpointKey: key, generations };
    return { status: 'succeeded', result, progress: banner, next: { stepId: next.stepId, kind: 'plan-step', task: next } };
  }
  const rendered = renderPlan(input, best.x);
  rendered.solution = [...best.x];
  rendered.notes = [...plan.notes, ...rendered.notes];
  rendered.details = [...(rendered.details ?? []), `Optimised by differential evolution: ${best.generation} generations, ${best.evaluations} evaluations (${best.message || 'done'}).`];
  await deps.plans.complete(task.runnerId, task.planId, progress, rendered, deps.clock.now());
  return { status: 'succeeded', result: { ...result, performance: rendered.performance }, progress: banner };
}
