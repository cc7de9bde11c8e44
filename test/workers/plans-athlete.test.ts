import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createShardResolver, readShardBindings } from '../../src/adapters/d1/shards';
import { createPlanCatalog } from '../../src/adapters/d1/plan-catalog';
import { DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY } from '../../src/core/plan';
import { api, signup, waitForJob, shardDb } from './helpers';
import { postPlan, SMALL_PLAN, storedPlan, todayPlus } from './plans-support';

/** 28 days of history ending `lastAgo` days before today: 40 AU a day, CTL/ATL as stored by the history step. */
async function seedHistory(runnerId: string, lastAgo: number): Promise<void> {
  const rows = Array.from({ length: 28 }, (_, i) => todayPlus(-lastAgo - i));
  for (const date of rows) {
    await (await shardDb(runnerId)).prepare('INSERT INTO daily_history (runner_id, date, distance_m, time_s, sessions, load, ctl, atl, tsb) VALUES (?, ?, 8000, 2400, 1, 40, 35, 42, -7)')
      .bind(runnerId, date).run();
  }
}

describe('the plan reads its inputs from D1', () => {
  it('reads the seeded schema and workout library back equal to the core defaults', async () => {
    const catalog = createPlanCatalog(createShardResolver(readShardBindings(env)));
    expect(await catalog.schema({ id: 'default', version: 1 })).toEqual(DEFAULT_PLAN_SCHEMA);
    expect(await catalog.library({ id: 'default', version: 2 })).toEqual(DEFAULT_WORKOUT_LIBRARY);
    // Version 1 stays for the plans made with it.
    expect((await catalog.library({ id: 'default', version: 1 }))?.types.map((t) => t.id)).toEqual(DEFAULT_WORKOUT_LIBRARY.types.map((t) => t.id));
    expect(await catalog.schema({ id: 'default', version: 99 })).toBeNull();
  });

  it("uses the runner's history (CTL/ATL, last 3 weekly loads) and critical speed, without default notes", async () => {
    const { token, runnerId } = await signup();
    await seedHistory(runnerId, 1);
    await (await shardDb(runnerId)).prepare("INSERT INTO critical_speed (runner_id, status, cs_mps, d_prime_m, r2, result_json, computed_at) VALUES (?, 'ok', 3.701, 172.9, 0.99, ?, 0)")
      .bind(runnerId, JSON.stringify({ efforts: [{ distanceM: 1000, timeS: 230, sessionId: 'ses_a', achievedAt: '2026-11-01T08:00:00.000Z' }, { distanceM: 5000, timeS: 1305, sessionId: 'ses_b' }] })).run();
    const accepted = await (await postPlan(token, SMALL_PLAN)).json<{ job: { id: string }; plan: { id: string } }>();
    const { athlete } = await storedPlan(runnerId, accepted.plan.id);
    expect(athlete).toMatchObject({ ctl: 35, atl: 42, recentWeeklyLoads: [280, 280, 280], csMps: 3.701, dPrimeM: 172.9 });
    await waitForJob(token, accepted.job.id);
    const plan = await (await api(`/plans/${accepted.plan.id}`, { token })).json<{ notes: string[]; csMps: number; csSource: unknown; prediction: { fromDefault: boolean } }>();
    expect(plan.csMps).toBe(3.701);
    expect(plan.notes.join(' ')).not.toMatch(/no runs from you|typical critical speed/);
    // Measured: the plan names the efforts its critical speed comes from.
    expect(plan.csSource).toEqual({
      kind: 'measured', csMps: 3.701, dPrimeM: 172.9,
      efforts: [{ distanceM: 1000, timeS: 230, sessionId: 'ses_a', achievedAt: '2026-11-01T08:00:00.000Z' }, { distanceM: 5000, timeS: 1305, sessionId: 'ses_b' }],
    });
    expect(plan.prediction.fromDefault).toBe(false);
  });

  it('decays CTL/ATL over the days since the last history row', async () => {
    const { token, runnerId } = await signup();
    await seedHistory(runnerId, 8); // last row 8 days ago: 7 empty days since
    const accepted = await (await postPlan(token, SMALL_PLAN)).json<{ plan: { id: string } }>();
    const { athlete } = await storedPlan(runnerId, accepted.plan.id);
    expect(athlete.ctl).toBeCloseTo(35 * Math.exp(-7 / 42), 12);
    expect(athlete.atl).toBeCloseTo(42 * Math.exp(-7 / 7), 12);
    // Days 8–21 ago hold 40 AU each: the last week is empty.
    expect(athlete.recentWeeklyLoads).toEqual([280, 280, 0]);
  });
});
