/**
 * Accept a plan request (PRODUCT.md flow 2, step 1): check it completely up front, snapshot the
 * runner's state, save the plan row, and register a coordinator job whose first step is chunk 0
 * of the optimisation. The answer needs no optimisation at all, so it returns at once.
 */
import { buildPlanProblem, checkPlanRequest, parseIsoDay } from '../core/plan';
import { DomainError } from '../core/errors';

/** How far back a plan may start (issue 17). */
export const MAX_START_DAYS_AGO = 28;
import type { PlanRequest } from '../core/plan';
import type { Clock, Coordinator, IdSource, JobView, PlanCatalog, PlanHistorySource, PlanRepo, PlanRow } from '../ports';
import type { PlanStepMessage } from '../contracts/queue-messages';
import { deriveAthleteState } from './plan-athlete';
import { derivePlanSeed, FIRST_STEP_GENERATIONS, loadPlanInput, PLAN_LIBRARY_REF, PLAN_SCHEMA_REF, planStepId } from './plan-options';

export interface PlanRequestDeps {
  ids: IdSource;
  clock: Clock;
  plans: PlanRepo;
  catalog: PlanCatalog;
  history: PlanHistorySource;
  coordinator: Coordinator;
  /** generations of the first chunk (config cap) */
  maxGenerations: number;
}

/** plan optimisations one runner may have running at once (fair use of the shared queue) */
export const MAX_OPEN_PLANS = 2;

export async function acceptPlanRequest(
  runnerId: string,
  body: Omit<PlanRequest, 'today' | 'revision'> & { startDate?: string },
  today: string,
  deps: PlanRequestDeps,
): Promise<{ plan: PlanRow; job: JobView }> {
  const planId = deps.ids.newId('plan');
  const jobId = deps.ids.newId('job');
  // A runner already training for the race starts the plan up to 28 days ago: the plan is made as
  // of that day (history before it), and its past days are matched to their runs when read.
  const { startDate, ...rest } = body as typeof body & { startDate?: string };
  const from = startDate ?? today;
  const fromDay = parseIsoDay(from);
  const todayDay = parseIsoDay(today) as number;
  if (fromDay === undefined || fromDay > todayDay || fromDay < todayDay - MAX_START_DAYS_AGO) {
    throw new DomainError('invalid_plan_request', `Pick a start date between ${MAX_START_DAYS_AGO} days ago and today.`, { details: { field: 'startDate', value: startDate } });
  }
  const request: PlanRequest = { ...rest, today: from, seed: body.seed ?? derivePlanSeed(runnerId, planId) };
  checkPlanRequest(request); // field-precise 400s before any read
  const { athlete, notes } = deriveAthleteState(await deps.history.read(runnerId, from), from);
  const now = deps.clock.now();
  const plan: PlanRow = {
    id: planId, runnerId, jobId, status: 'queued', seed: request.seed!, request, athlete, notes,
    schemaRef: { ...PLAN_SCHEMA_REF }, libraryRef: { ...PLAN_LIBRARY_REF },
    generation: 0, evaluations: 0, createdAt: now, updatedAt: now,
  };
  // Build the problem once here: whatever the optimiser would reject is rejected now, as a 400.
  buildPlanProblem(await loadPlanInput(plan, deps.catalog));
  await deps.plans.insert(plan);
  const stepId = planStepId(planId, 0);
  const task: PlanStepMessage = {
    type: 'plan-step', runnerId, jobId, stepId, planId, step: 0, checkpointKey: null,
    generations: Math.min(FIRST_STEP_GENERATIONS, deps.maxGenerations),
  };
  const created = await deps.coordinator.createJobWithin({ jobId, runnerId, kind: 'plan', files: [], stage: 'optimise', steps: [{ stepId, kind: 'plan-step', task }] }, MAX_OPEN_PLANS);
  if ('busy' in created) {
    await deps.plans.remove(runnerId, planId);
    throw new DomainError('job_limit_reached', `${created.busy} plans are already being optimised; wait for one to finish, then ask again.`, { details: { open: created.busy, limit: MAX_OPEN_PLANS } });
  }
  const job = created.job;
  return { plan, job };
}
