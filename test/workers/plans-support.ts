/** Helpers shared by the plans-*.test.ts files. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { expect } from 'vitest';
import worker from '../../workers/test-entry';
import { bestOf, initDe, stepDe, type DeState } from '../../src/core/optimize';
import { buildPlanProblem, DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY, formatIsoDay, parseIsoDay, renderPlan } from '../../src/core/plan';
import type { AthleteState, PlanInput, PlanRequest, RenderedPlan } from '../../src/core/plan';
import { planDeOptions } from '../../src/jobs/plan-options';
import { api, shardDb } from './helpers';

/** The runner's today (new runners are on UTC). */
export function todayPlus(days: number): string {
  return formatIsoDay((parseIsoDay(new Date().toISOString().slice(0, 10)) as number) + days);
}

/** 4 weeks (the shortest plan): ~60 DE generations, so ~8 chunks of 8 generations in tests. */
export const SMALL_PLAN = { raceDistanceM: 10_000, raceDate: todayPlus(30), daysPerWeek: 5, restDays: ['fri'], longRunDay: 'sun', seed: 12345 };

export async function postPlan(token: string, body: unknown): Promise<Response> {
  return api('/plans', { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function deliver(bodies: unknown[]) {
  const batch = createMessageBatch('pacelab-tasks', bodies.map((body, i) => ({ id: `p${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, env);
  return getQueueResult(batch, ctx);
}

export interface StoredPlan {
  request: PlanRequest;
  athlete: AthleteState;
  seed: number;
}

export async function storedPlan(runnerId: string, planId: string): Promise<StoredPlan> {
  const row = await (await shardDb(runnerId)).prepare('SELECT request_json, athlete_json, seed FROM training_plans WHERE id = ?').bind(planId).first<{ request_json: string; athlete_json: string; seed: number }>();
  expect(row).not.toBeNull();
  return { request: JSON.parse(row!.request_json), athlete: JSON.parse(row!.athlete_json), seed: row!.seed };
}

/** The same plan computed in one call of the pure core, with the seeded catalogue's constants. */
export function oneShot(stored: StoredPlan): { state: DeState; plan: RenderedPlan } {
  const input: PlanInput = { request: stored.request, athlete: stored.athlete, schema: DEFAULT_PLAN_SCHEMA, library: DEFAULT_WORKOUT_LIBRARY };
  const problem = buildPlanProblem(input);
  const state = stepDe(problem, initDe(problem, planDeOptions(problem), stored.seed));
  return { state, plan: renderPlan(input, bestOf(state).x) };
}

export async function checkpointKeys(runnerId: string, planId: string): Promise<string[]> {
  const listed = await env.FILES.list({ prefix: `runners/${runnerId}/plans/${planId}/` });
  return listed.objects.map((o) => o.key).sort();
}
