/**
 * Plan chunks as the queue runs them: the real runPlanStep (load checkpoint, generations within
 * the budget, write checkpoint, register the next chunk) over in-memory ports, for a 16-week plan.
 * Prints CPU per step, steps per plan and checkpoint size, and checks the chunked plan equals a
 * one-shot run. Run: node scripts/bench.mjs plan-steps
 */
import { cpuUsage } from 'node:process';
import { bestOf, initDe, serializeDeState, stepDe } from '../src/core/optimize';
import { buildPlanProblem, DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY, formatIsoDay, parseIsoDay, renderPlan } from '../src/core/plan';
import type { StepOutcome } from '../src/core/chain/steps';
import type { PlanStepMessage } from '../src/contracts/queue-messages';
import type { BlobStore, Coordinator, PlanActualsSource, PlanCatalog, PlanRepo, PlanRevisionRepo, PlanRow } from '../src/ports';
import { runPlanStep } from '../src/jobs/plan-step';
import { FIRST_STEP_GENERATIONS, planDeOptions, planStepId } from '../src/jobs/plan-options';

const today = '2026-05-04';
const request = { raceDistanceM: 42195, raceDate: formatIsoDay(parseIsoDay(today)! + 7 * 16), today, daysPerWeek: 6, restDays: ['fri' as const], longRunDay: 'sun' as const, seed: 1 };
const athlete = { ctl: 40, atl: 40, recentWeeklyLoads: [280, 280, 280] as [number, number, number], csMps: 3.701, dPrimeM: 172.9 };

function fakes(plan: PlanRow) {
  const objects = new Map<string, Uint8Array>();
  let row = plan;
  const blobs = { put: async (k: string, b: Uint8Array) => { objects.set(k, b); }, getBytes: async (k: string) => objects.get(k) ?? null } as unknown as BlobStore;
  const plans = {
    get: async () => row,
    saveProgress: async (_r: string, _p: string, pr: { checkpointStep: number }) => { row = { ...row, status: 'running', checkpointStep: pr.checkpointStep }; },
    complete: async (_r: string, _p: string, _pr: unknown, result: PlanRow['result']) => { row = { ...row, status: 'completed', result }; },
    fail: async () => {},
  } as unknown as PlanRepo;
  const catalog: PlanCatalog = { schema: async () => DEFAULT_PLAN_SCHEMA, library: async () => DEFAULT_WORKOUT_LIBRARY };
  const outcomes: StepOutcome[] = [];
  const coordinator = { markStepStarted: async () => ({ proceed: true }), reportStepOutcome: async (_j: string, _s: string, o: StepOutcome) => { outcomes.push(o); } } as unknown as Coordinator;
  const revisions = {} as PlanRevisionRepo; // first optimisations only (re-plans: bench/replan.bench.ts)
  const actuals: PlanActualsSource = { read: async () => [] };
  return { blobs, plans, revisions, actuals, catalog, coordinator, outcomes, objects, result: () => row.result };
}

async function runChunked(cpuMs: number, cap: number) {
  const plan: PlanRow = {
    id: 'plan_bench', runnerId: 'r', jobId: 'j', status: 'queued', seed: 1, request, athlete, notes: [],
    schemaRef: { id: 'default', version: 1 }, libraryRef: { id: 'default', version: 1 }, generation: 0, evaluations: 0, createdAt: 0, updatedAt: 0,
  };
  const f = fakes(plan);
  const deps = { ...f, clock: { now: () => Date.now() }, budget: { cpuMs, maxGenerations: cap } };
  let task: PlanStepMessage | undefined = { type: 'plan-step', runnerId: 'r', jobId: 'j', stepId: planStepId(plan.id, 0), planId: plan.id, step: 0, checkpointKey: null, generations: Math.min(FIRST_STEP_GENERATIONS, cap) };
  const steps: Array<{ cpuMs: number; generations: number }> = [];
  while (task) {
    const before = cpuUsage();
    const outcome = await runPlanStep(task, deps);
    const used = cpuUsage(before);
    steps.push({ cpuMs: (used.user + used.system) / 1000, generations: Number(outcome?.result?.generationsRun ?? 0) });
    task = outcome?.next?.task as PlanStepMessage | undefined;
  }
  const maxBytes = Math.max(...[...f.objects.values()].map((b) => b.length));
  return { steps, result: f.result(), maxBytes };
}

const input = { request, athlete, schema: DEFAULT_PLAN_SCHEMA, library: DEFAULT_WORKOUT_LIBRARY };
const problem = buildPlanProblem(input);
const t0 = cpuUsage();
const whole = stepDe(problem, initDe(problem, planDeOptions(problem), 1));
const oneShotCpu = cpuUsage(t0);
const oneShot = renderPlan(input, bestOf(whole).x);
console.log(`16-week plan (S = ${whole.header.populationSize}): one shot ${whole.generation} generations, ${whole.evaluations} evaluations, ${((oneShotCpu.user + oneShotCpu.system) / 1000).toFixed(0)} ms CPU, checkpoint ${serializeDeState(whole).length} B`);

for (const [cpuMs, cap] of [[5000, 250], [5000, 100], [1000, 1000]] as const) {
  const { steps, result, maxBytes } = await runChunked(cpuMs, cap);
  const cpu = steps.map((s) => s.cpuMs);
  const total = cpu.reduce((a, b) => a + b, 0);
  const same = JSON.stringify(result) === JSON.stringify({ ...oneShot, notes: result?.notes });
  console.log(
    `budget ${cpuMs} ms, cap ${cap} gen/step: ${steps.length} steps, generations per step [${steps.map((s) => s.generations).join(', ')}], `
    + `CPU per step max ${Math.max(...cpu).toFixed(0)} ms / mean ${(total / steps.length).toFixed(0)} ms (total ${total.toFixed(0)} ms), `
    + `checkpoint ≤ ${(maxBytes / 1024).toFixed(1)} KiB, same plan as one shot: ${same}`,
  );
}
