import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { parseDeState, serializeDeState } from '../../src/core/optimize';
import { createShardResolver, readShardBindings } from '../../src/adapters/d1/shards';
import { createPlanCatalog } from '../../src/adapters/d1/plan-catalog';
import { createPlanActualsSource, createPlanRevisionRepo } from '../../src/adapters/d1/plan-revisions';
import { createPlanRepo } from '../../src/adapters/d1/plan-repo';
import { createR2BlobStore } from '../../src/adapters/r2-blob-store';
import type { StepOutcome } from '../../src/core/chain/steps';
import type { PlanStepMessage } from '../../src/contracts/queue-messages';
import type { Coordinator } from '../../src/ports';
import { runPlanStep } from '../../src/jobs/plan-step';
import { planCheckpointKey, planStepId } from '../../src/jobs/plan-options';
import { api, signup, waitForJob, shardDb } from './helpers';
import { checkpointKeys, deliver, oneShot, postPlan, SMALL_PLAN, storedPlan } from './plans-support';

type PlanJson = Record<string, any>;

async function requestAndFinish(token: string, body: unknown): Promise<{ planId: string; jobId: string; plan: PlanJson }> {
  const res = await postPlan(token, body);
  expect(res.status).toBe(202);
  const accepted = await res.json<{ job: { id: string }; plan: { id: string } }>();
  const job = await waitForJob(token, accepted.job.id);
  expect(job.status).toBe('completed');
  const plan = await (await api(`/plans/${accepted.plan.id}`, { token })).json<PlanJson>();
  return { planId: accepted.plan.id, jobId: accepted.job.id, plan };
}

describe('plan optimisation through the real queue, in chunks', () => {
  it('runs several chunked steps and saves exactly the plan a one-shot run of the core gives', async () => {
    const { token, runnerId } = await signup();
    const { planId, jobId, plan } = await requestAndFinish(token, SMALL_PLAN);

    const keys = await checkpointKeys(runnerId, planId);
    expect(keys.length).toBeGreaterThanOrEqual(4); // one checkpoint per chunk, 8 generations each in tests
    expect(keys[0]).toBe(planCheckpointKey(runnerId, planId, 0));

    const whole = oneShot(await storedPlan(runnerId, planId));
    const last = await (await env.FILES.get(keys.at(-1)!))!.text();
    expect(last).toBe(serializeDeState(whole.state)); // the final DE state, bit for bit
    expect(parseDeState(last).generation).toBe(whole.state.generation);
    expect(plan.objective).toBe(whole.state.energies[0]);
    expect(withoutActual(plan.weeks)).toEqual(JSON.parse(JSON.stringify(whole.plan.weeks)));
    expect(plan.projection).toEqual(whole.plan.projection);
    expect(plan.progress).toEqual({ generation: whole.state.generation, evaluations: whole.state.evaluations });
    expect(Math.ceil((whole.state.generation - 8) / 8) + 1).toBe(keys.length);

    const job = await (await api(`/jobs/${jobId}`, { token })).json<{ stage: string; finishedAt: string | null }>();
    expect(job.stage).toBe('done');
    expect(job.finishedAt).not.toBeNull();
  });

  it('gives a plan with the PRODUCT.md shape and its invariants', async () => {
    const { token } = await signup();
    const { plan } = await requestAndFinish(token, { ...SMALL_PLAN, raceDistanceM: 21_097.5, raceDate: SMALL_PLAN.raceDate, seed: 99 });
    expect(plan.weeks).toHaveLength(4);
    expect(plan.weeks.map((w: PlanJson) => w.phase).slice(-2)).toEqual(['taper', 'taper']);
    const days = plan.weeks.flatMap((w: PlanJson) => w.days);
    expect(days.at(-1)).toMatchObject({ type: 'race', date: SMALL_PLAN.raceDate, distanceM: 21_097.5 });
    const training = days.filter((d: PlanJson) => d.type !== 'race');
    expect(training).toHaveLength(27); // 4 weeks of 7 days, the race the last of them
    for (const d of training) {
      expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (d.type !== 'rest') expect(d.durationS).toBeGreaterThanOrEqual(600); // no run under 10 minutes
      expect(typeof d.description).toBe('string');
      if (d.type !== 'rest') expect(d.targetSpeedMps).toBeGreaterThan(0);
    }
    // Fridays are rest days; 5 running days per week (the race week: at most 5, the race included).
    for (const w of plan.weeks) {
      const week = w.days.filter((d: PlanJson) => d.type !== 'race');
      expect(w.days).toHaveLength(7);
      if (w.index < 3) expect(week.filter((d: PlanJson) => d.type !== 'rest')).toHaveLength(5);
      else expect(week.filter((d: PlanJson) => d.type !== 'rest').length).toBeLessThanOrEqual(5);
      expect(['rest', 'race']).toContain(w.days.find((d: PlanJson) => new Date(`${d.date}T00:00:00Z`).getUTCDay() === 5).type);
      expect(w.limitedBy).toMatch(/ceiling/);
      expect(w.targetLoad).toBeGreaterThan(0);
    }
    expect(plan.projection).toHaveLength(28);
    for (const p of plan.projection) expect(p.tsb).toBeGreaterThanOrEqual(-30 - 1e-6);
  });
});

describe('redelivery of plan steps is harmless', () => {
  it('a duplicated first step (twice in one batch, racing the real consumer) ends in the same plan', async () => {
    const { token, runnerId } = await signup();
    const res = await postPlan(token, { ...SMALL_PLAN, seed: 4242 });
    const accepted = await res.json<{ job: { id: string }; plan: { id: string } }>();
    const first: PlanStepMessage = { type: 'plan-step', runnerId, jobId: accepted.job.id, stepId: planStepId(accepted.plan.id, 0), planId: accepted.plan.id, step: 0, checkpointKey: null, generations: 8 };
    const result = await deliver([first, first]);
    expect(result.retryMessages).toHaveLength(0);
    await waitForJob(token, accepted.job.id);
    const plan = await (await api(`/plans/${accepted.plan.id}`, { token })).json<PlanJson>();
    const whole = oneShot(await storedPlan(runnerId, accepted.plan.id));
    expect(plan.status).toBe('completed');
    expect(withoutActual(plan.weeks)).toEqual(JSON.parse(JSON.stringify(whole.plan.weeks)));

    // Late duplicates of finished steps are dropped by the coordinator and change nothing.
    const before = await (await api(`/jobs/${accepted.job.id}`, { token })).json();
    const again = await deliver([first, { ...first, stepId: planStepId(accepted.plan.id, 2), step: 2, checkpointKey: planCheckpointKey(runnerId, accepted.plan.id, 1) }]);
    expect(again.explicitAcks).toHaveLength(2);
    expect(await (await api(`/jobs/${accepted.job.id}`, { token })).json()).toEqual(before);
    expect(await (await api(`/plans/${accepted.plan.id}`, { token })).json()).toEqual(plan);
  });

  it('a step run twice (coordinator says proceed both times) reuses its checkpoint instead of advancing again', async () => {
    const { token, runnerId } = await signup();
    const accepted = await (await postPlan(token, { ...SMALL_PLAN, seed: 777 })).json<{ job: { id: string }; plan: { id: string } }>();
    await waitForJob(token, accepted.job.id);
    const planId = accepted.plan.id;
    // Replay the whole chain by hand on a fresh copy of the row, every step delivered twice.
    const db = createShardResolver(readShardBindings(env));
    await (await shardDb(runnerId)).prepare("UPDATE training_plans SET status = 'running', checkpoint_step = NULL, result_json = NULL WHERE id = ?").bind(planId).run();
    for (const key of await checkpointKeys(runnerId, planId)) await env.FILES.delete(key);
    const outcomes: StepOutcome[] = [];
    const coordinator = { markStepStarted: async () => ({ proceed: true }), reportStepOutcome: async (_j: string, _s: string, o: StepOutcome) => { outcomes.push(o); } } as unknown as Coordinator;
    const deps = { plans: createPlanRepo(db), revisions: createPlanRevisionRepo(db), actuals: createPlanActualsSource(db), catalog: createPlanCatalog(db), blobs: createR2BlobStore(env.FILES), coordinator, clock: { now: () => Date.now() }, budget: { cpuMs: 60_000, maxGenerations: 8 } };
    let task: PlanStepMessage | undefined = { type: 'plan-step', runnerId, jobId: accepted.job.id, stepId: planStepId(planId, 0), planId, step: 0, checkpointKey: null, generations: 8 };
    let steps = 0;
    while (task) {
      const a = await runPlanStep(task, deps);
      const bytesAfterFirst = await (await env.FILES.get(planCheckpointKey(runnerId, planId, task.step)))?.text();
      const b = await runPlanStep(task, deps);
      if (a?.next) {
        expect(b?.next).toEqual(a.next); // same continuation: same step id, same checkpoint key
        expect(b?.progress).toEqual(a.progress); // the duplicate did not advance the DE
        expect(await (await env.FILES.get(planCheckpointKey(runnerId, planId, task.step)))!.text()).toBe(bytesAfterFirst);
      }
      task = a?.next?.task as PlanStepMessage | undefined;
      steps++;
    }
    expect(steps).toBeGreaterThan(3);
    const plan = await (await api(`/plans/${planId}`, { token })).json<PlanJson>();
    const whole = oneShot(await storedPlan(runnerId, planId));
    expect(withoutActual(plan.weeks)).toEqual(JSON.parse(JSON.stringify(whole.plan.weeks)));
  });
});

/** The API adds what was run (`actual`, null before any run) to each day; the core's plan has no such field. */
/** The answer's per-day presentation (what was run, heart-rate targets from the runner's zones) is not the optimiser's. */
function withoutActual(weeks: Array<{ days: Array<Record<string, unknown>> }>) {
  return weeks.map((w) => ({ ...w, days: w.days.map(({ actual: _actual, heartRate: _heartRate, ...d }) => d) }));
}
