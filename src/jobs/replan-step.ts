/**
 * One chunk of a re-plan (a plan-step message with a revision): the same resumable DE as the first
 * optimisation (ALGORITHMS.md §6.3), on the revision's problem (its request and athlete snapshot)
 * and warm-started from x0. The last chunk renders the remaining weeks, merges them after the
 * frozen ones, explains every changed week in one line, installs the result if it is the newest
 * revision, and removes its checkpoints.
 */
import { bestOf, initDe, serializeDeState, stepDe } from '../core/optimize';
import { buildPlanProblem, explainRevision, mergeRevision, renderPlan, scorePlanDays } from '../core/plan';
import { DomainError } from '../core/errors';
import type { StepOutcome } from '../core/chain/steps';
import type { PlanStepMessage } from '../contracts/queue-messages';
import { loadPlanInput, nextGenerationBudget, planCheckpointKey, planDeOptions, planStepId } from './plan-options';
import { readCheckpoint } from './plan-checkpoint';
import type { PlanStepDeps } from './plan-step';

const bytes = new TextEncoder();

export async function advanceRevision(task: PlanStepMessage & { revision: number }, deps: PlanStepDeps): Promise<StepOutcome> {
  const plan = await deps.plans.get(task.runnerId, task.planId);
  const rev = await deps.revisions.get(task.runnerId, task.planId, task.revision);
  if (!plan || !plan.result || !rev || rev.status !== 'running') return { status: 'succeeded', result: { cancelled: true }, message: 'The plan or its revision is gone; re-planning stopped.' };
  const input = { ...(await loadPlanInput(plan, deps.catalog)), request: rev.request, athlete: rev.athlete };
  const problem = buildPlanProblem(input);
  const key = planCheckpointKey(task.runnerId, task.planId, task.step, task.revision);

  let state = await readCheckpoint(deps.blobs, key);
  let ran = 0;
  let measuredMs = 0;
  if (!state) {
    const start = task.checkpointKey === null
      ? initDe(problem, { ...planDeOptions(problem), ...(rev.x0 ? { x0: rev.x0 } : {}) }, plan.seed)
      : await readCheckpoint(deps.blobs, task.checkpointKey);
    if (!start) throw new DomainError('plan_checkpoint_missing', `Checkpoint ${task.checkpointKey} is gone; the re-plan cannot resume.`, { retryable: true });
    const t0 = deps.clock.now();
    const stopAt = t0 + 0.7 * deps.budget.cpuMs;
    state = stepDe(problem, start, { maxGenerations: task.generations, deadline: () => deps.clock.now() >= stopAt });
    await deps.blobs.put(key, bytes.encode(serializeDeState(state)), { contentType: 'application/json' });
    measuredMs = deps.clock.now() - t0;
    ran = state.generation - start.generation;
  }
  const best = bestOf(state);
  const banner = { step: task.step + 1, generation: best.generation, evaluations: best.evaluations, bestObjective: best.energy, revision: task.revision };
  const result = { revision: task.revision, generation: best.generation, evaluations: best.evaluations, generationsRun: ran, ms: measuredMs, done: state.done };
  if (!state.done) {
    const step = task.step + 1;
    const generations = ran > 0 ? nextGenerationBudget(measuredMs, ran, deps.budget.cpuMs, deps.budget.maxGenerations) : task.generations;
    const next: PlanStepMessage = { ...task, stepId: planStepId(task.planId, step, task.revision), step, checkpointKey: key, generations };
    return { status: 'succeeded', result, progress: banner, next: { stepId: next.stepId, kind: 'plan-step', task: next } };
  }

  const previous = plan.result;
  const rendered = renderPlan(input, best.x);
  rendered.solution = [...best.x];
  rendered.notes = [...plan.notes.filter((n) => !/no runs from you|have not run/.test(n)), ...rendered.notes];
  rendered.details = [...(rendered.details ?? []), `Re-plan ${task.revision}: weeks 1–${rev.frozenWeeks} kept as they were; the rest re-optimised by differential evolution from the previous solution (${best.generation} generations, ${best.evaluations} evaluations).`];
  const merged = mergeRevision(previous, rendered, rev.frozenWeeks);
  const days = previous.weeks.flatMap((w) => w.days);
  const actual = scorePlanDays(days, await deps.actuals.read(task.runnerId, previous.startDate, rev.request.today), rev.request.today);
  const reasons = explainRevision(previous, merged, rev.frozenWeeks, actual);
  const now = deps.clock.now();
  const applied = await deps.plans.applyRevision(task.runnerId, task.planId, task.revision, merged, now);
  const weeks = merged.weeks.map((w) => ({ index: w.index, startDate: w.startDate, targetLoad: w.targetLoad }));
  await deps.revisions.finish(task.runnerId, task.planId, task.revision, { status: applied ? 'completed' : 'superseded', reasons, weeks }, now);
  await deps.blobs.delete(Array.from({ length: task.step + 1 }, (_, s) => planCheckpointKey(task.runnerId, task.planId, s, task.revision)));
  return { status: 'succeeded', result: { ...result, applied, reasons: reasons.length }, progress: banner, message: applied ? 'Plan updated' : 'A newer re-plan was already applied.' };
}
