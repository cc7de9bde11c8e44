/**
 * Re-plan CPU (issue 17 item 2: "a re-plan ≤ 1 s of CPU"). A 16-week marathon plan is optimised
 * once; then, as the receding horizon does after an upload (core/plan/revise.ts, jobs/replan-step.ts),
 * the weeks not yet started are re-optimised from a changed state (fitness 15 % below the plan's
 * projection: missed sessions) with 1, 4 and 8 weeks frozen — warm-started from the previous
 * solution shifted (x0), and cold for comparison. CPU covers problem build, DE to convergence
 * (the plan's own options: tol 1e−4, maxiter 1000), render and merge: the whole re-plan, summed
 * over however many queue chunks it would take. Run: node scripts/bench.mjs replan
 */
import { cpuUsage } from 'node:process';
import { bestOf, initDe, stepDe } from '../src/core/optimize';
import {
  buildPlanProblem, checkPlanRequest, DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY, formatIsoDay, mergeRevision, parseIsoDay, renderPlan, shiftSolution,
} from '../src/core/plan';
import type { PlanInput, RenderedPlan } from '../src/core/plan';
import { planDeOptions } from '../src/jobs/plan-options';

const TARGET_MS = 1000;
const today = '2026-05-04';
const request = { raceDistanceM: 42195, raceDate: formatIsoDay(parseIsoDay(today)! + 7 * 16), today, daysPerWeek: 6, restDays: ['fri' as const], longRunDay: 'sun' as const, seed: 1 };
const athlete = { ctl: 40, atl: 40, recentWeeklyLoads: [280, 280, 280] as [number, number, number], csMps: 3.701, dPrimeM: 172.9 };
const input: PlanInput = { request, athlete, schema: DEFAULT_PLAN_SCHEMA, library: DEFAULT_WORKOUT_LIBRARY };

const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

const problem = buildPlanProblem(input);
const t0 = cpuUsage();
const first = stepDe(problem, initDe(problem, planDeOptions(problem), 1));
const previous: RenderedPlan = renderPlan(input, bestOf(first).x);
console.log(`original 16-week plan: ${first.generation} generations, ${ms(cpuUsage(t0)).toFixed(0)} ms CPU`);

function replan(frozen: number, warm: boolean) {
  const start = parseIsoDay(previous.startDate)!;
  const at = formatIsoDay(start + 7 * frozen);
  const proj = previous.projection.find((p) => p.date === at) ?? previous.projection.at(-1)!;
  const weekLoads = previous.weeks.slice(Math.max(0, frozen - 3), frozen).map((w) => w.targetLoad * 0.85);
  while (weekLoads.length < 3) weekLoads.unshift(280);
  const changed = { ...athlete, ctl: proj.ctl * 0.85, atl: proj.atl * 0.85, recentWeeklyLoads: weekLoads as [number, number, number] };
  const req = { ...request, today: formatIsoDay(start + 7 * frozen - 1), revision: 1 };
  const remaining = previous.weeks.length - frozen;
  const weeks = checkPlanRequest(req).weeks;
  if (weeks !== remaining) throw new Error(`frozen ${frozen}: the request gives ${weeks} weeks, expected ${remaining}`);
  const before = cpuUsage();
  const next: PlanInput = { ...input, request: req, athlete: changed };
  const p = buildPlanProblem(next);
  const x0 = warm ? shiftSolution(previous.solution, previous.weeks.length, remaining) : undefined;
  const state = stepDe(p, initDe(p, { ...planDeOptions(p), ...(x0 ? { x0 } : {}) }, 1));
  const merged = mergeRevision(previous, renderPlan(next, bestOf(state).x), frozen);
  const cpu = ms(cpuUsage(before));
  return { cpu, generations: state.generation, weeks: merged.weeks.length };
}

const rows: string[] = [];
let worst = 0;
for (const frozen of [1, 4, 8]) {
  // median of 3 runs: the box is shared; one noisy run should not decide the figure
  const warm = [0, 1, 2].map(() => replan(frozen, true)).sort((a, b) => a.cpu - b.cpu)[1];
  const cold = [0, 1, 2].map(() => replan(frozen, false)).sort((a, b) => a.cpu - b.cpu)[1];
  worst = Math.max(worst, warm.cpu);
  rows.push(`${frozen} week(s) frozen, ${16 - frozen} re-optimised: warm-started ${warm.cpu.toFixed(0)} ms CPU (${warm.generations} generations), cold ${cold.cpu.toFixed(0)} ms (${cold.generations} generations)`);
}
for (const r of rows) console.log(r);
console.log(`re-plan CPU (worst, warm-started): ${worst.toFixed(0)} ms — target ≤ ${TARGET_MS} ms: ${worst <= TARGET_MS ? 'met' : 'NOT met'}`);
