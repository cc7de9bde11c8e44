/**
 * Re-planning after a history change (issue 17 item 2; ALGORITHMS.md §5.6 receding horizon). For
 * every active plan of the runner (completed, race not yet run) it registers a revision: the weeks
 * already started are frozen, the rest is re-optimised from the actual state (CTL/ATL from the
 * history, CS from the current fit, the runner's own model when it fits), warm-started from the
 * previous solution, in the same chunked, checkpointed plan steps as the first optimisation.
 */
import { buildPlanProblem, checkPlanRequest, countFrozenWeeks, shiftSolution } from '../core/plan';
import { isDomainError } from '../core/errors';
import type { PlanStepMessage } from '../contracts/queue-messages';
import type { Clock, Coordinator, IdSource, PlanCatalog, PlanHistorySource, PlanRepo, PlanRevisionRepo } from '../ports';
import { deriveAthleteState } from './plan-athlete';
import { FIRST_STEP_GENERATIONS, loadPlanInput, planStepId } from './plan-options';

export interface ReplanDeps {
  plans: PlanRepo;
  revisions: PlanRevisionRepo;
  catalog: PlanCatalog;
  history: PlanHistorySource;
  coordinator: Coordinator;
  ids: IdSource;
  clock: Clock;
  maxGenerations: number;
}

/** Registers one revision per active plan; returns the revision jobs it created. */
export async function scheduleReplans(runnerId: string, today: string, triggerJobId: string | undefined, deps: ReplanDeps): Promise<string[]> {
  const active = await deps.plans.listActive(runnerId, today);
  if (active.length === 0) return [];
  const { athlete } = deriveAthleteState(await deps.history.read(runnerId, today), today);
  const jobs: string[] = [];
  for (const plan of active) {
    const previous = plan.result!;
    const frozen = countFrozenWeeks(previous, today);
    const remaining = previous.weeks.length - frozen;
    if (remaining < 2) continue; // the taper is under way: nothing left to re-shape
    const revision = await deps.revisions.next(runnerId, plan.id);
    const request = { ...plan.request, today, revision };
    try {
      const checked = checkPlanRequest(request);
      if (checked.weeks !== remaining) continue; // the weeks would not line up with the plan's
      buildPlanProblem({ ...(await loadPlanInput(plan, deps.catalog)), request, athlete });
    } catch (error) {
      if (isDomainError(error)) continue; // this plan cannot be re-planned (e.g. its catalogue is gone); keep it
      throw error;
    }
    const jobId = deps.ids.newId('job');
    const x0 = shiftSolution(previous.solution, previous.weeks.length, remaining);
    await deps.revisions.insert({
      planId: plan.id, runnerId, revision, status: 'running', jobId, triggerJobId, frozenWeeks: frozen,
      request, athlete, ...(x0 ? { x0 } : {}), createdAt: deps.clock.now(),
    });
    const stepId = planStepId(plan.id, 0, revision);
    const task: PlanStepMessage = {
      type: 'plan-step', runnerId, jobId, stepId, planId: plan.id, step: 0, checkpointKey: null, revision,
      generations: Math.min(FIRST_STEP_GENERATIONS, deps.maxGenerations),
    };
    await deps.coordinator.createJob({ jobId, runnerId, kind: 'plan', files: [], stage: 'replan', steps: [{ stepId, kind: 'plan-step', task }] });
    jobs.push(jobId);
  }
  return jobs;
}
