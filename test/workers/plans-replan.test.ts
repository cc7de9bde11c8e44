/**
 * Issue 17, done when: a plan followed by uploads that skip two workouts and add an extra long run
 * shows compliance for each past day, a new revision with reasons within a minute of the upload
 * job's end, frozen past weeks, and no broken constraint.
 */
import { describe, expect, it } from 'vitest';
import { buildActivity } from '../unit/analysis/generated-activity';
import { maxViolation } from '../unit/plan/constraints';
import { buildPlanProblem, decodePlan, DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY, formatIsoDay, parseIsoDay } from '../../src/core/plan';
import type { PlanDay, RenderedPlan } from '../../src/core/plan';
import { api, shardDb, signup, uploadFiles, waitForJob } from './helpers';
import { postPlan } from './plans-support';

const FIT_EPOCH_S = 631_065_600;
const todayDay = parseIsoDay(new Date().toISOString().slice(0, 10)) as number;

/** One run on `date` at 07:00Z: `seconds` long at a steady `speed`, a record every 10 s. */
function runOn(date: string, seconds: number, speed: number): Uint8Array {
  const base = Math.floor(Date.parse(`${date}T07:00:00Z`) / 1000) - FIT_EPOCH_S;
  const records = [];
  for (let t = 0; t <= seconds; t += 10) records.push({ t, distance: speed * t, speed, hr: 150 });
  return buildActivity({ base, records, sessions: [{ start: 0, elapsed: seconds, timer: seconds, distance: speed * seconds, avgHr: 150, sport: 1 }] });
}

const avgSpeed = (d: PlanDay) => d.segments!.reduce((s, g) => s + g.seconds * g.speedMps, 0) / d.durationS;

interface PlanJson { revision: number; weeks: Array<{ index: number; targetLoad: number; days: Array<PlanDay & { actual: { sessionId: string | null; compliance: { status: string } } | null }> }> }

describe('a plan that follows the runner (compliance and re-planning)', () => {
  it('scores every past day, re-plans after the upload with reasons, keeps past weeks and every hard constraint', async () => {
    const { token, runnerId } = await signup('Follower');
    const startDate = formatIsoDay(todayDay - 14);
    const raceDate = formatIsoDay(todayDay + 27); // 6 weeks from the start, the race the last day
    const accepted = await (await postPlan(token, { raceDistanceM: 10_000, raceDate, startDate, daysPerWeek: 5, restDays: ['fri'], longRunDay: 'sun', seed: 5 }))
      .json<{ job: { id: string }; plan: { id: string } }>();
    expect((await waitForJob(token, accepted.job.id, 60_000)).status).toBe('completed');
    const planId = accepted.plan.id;
    const before = await (await api(`/plans/${planId}`, { token })).json<PlanJson & { startDate: string }>();
    expect(before.startDate).toBe(startDate);
    expect(before.revision).toBe(0);
    const past = before.weeks.slice(0, 2).flatMap((w) => w.days);
    // Started 14 days ago: every past training day is missed at once (nothing uploaded yet).
    expect(past.filter((d) => d.role !== 'rest').every((d) => d.actual?.compliance.status === 'missed')).toBe(true);

    const training = past.filter((d) => d.role !== 'rest');
    const skipped = [training[1].date, training[4].date];
    const restDay = past.find((d) => d.role === 'rest')!;
    const files = training.filter((d) => !skipped.includes(d.date)).map((d) => ({ name: `${d.date}.fit`, bytes: runOn(d.date, d.durationS, avgSpeed(d)) }));
    files.push({ name: `${restDay.date}-extra-long.fit`, bytes: runOn(restDay.date, 5400, 2.6) });
    const upload = await uploadFiles(token, files);
    expect(upload.status).toBe(202);
    const uploadJob = await waitForJob(token, upload.body.job.id, 120_000);
    expect(uploadJob.counts.imported).toBe(files.length);

    // The history step registered a re-plan job; it runs in the same chunked plan steps.
    const jobs = await (await api('/jobs?limit=50', { token })).json<{ items: Array<{ id: string; kind: string }> }>();
    const replanJob = jobs.items.find((j) => j.kind === 'plan' && j.id !== accepted.job.id);
    expect(replanJob).toBeDefined();
    expect((await waitForJob(token, replanJob!.id, 60_000)).status).toBe('completed');

    const after = await (await api(`/plans/${planId}`, { token })).json<PlanJson>();
    expect(after.revision).toBe(1);
    // Compliance for each past day.
    const actualOf = (date: string) => after.weeks.flatMap((w) => w.days).find((d) => d.date === date)!.actual;
    for (const d of training) {
      const a = actualOf(d.date)!;
      if (skipped.includes(d.date)) expect(a).toMatchObject({ sessionId: null, compliance: { status: 'missed' } });
      else expect(a.compliance.status).toBe('done');
    }
    expect(actualOf(restDay.date)).toMatchObject({ compliance: { status: 'extra' } });
    // Past weeks frozen: exactly as they were.
    expect(after.weeks.slice(0, 2).map((w) => ({ ...w, days: w.days.map(({ actual: _a, ...d }) => d) })))
      .toEqual(before.weeks.slice(0, 2).map((w) => ({ ...w, days: w.days.map(({ actual: _a, ...d }) => d) })));

    // The revision, its reasons, and its timing.
    const revisions = await (await api(`/plans/${planId}/revisions`, { token })).json<{ items: Array<{ revision: number; status: string; reasons: string[]; frozenWeeks: number; finishedAt: string; triggerJobId: string }> }>();
    expect(revisions.items.map((r) => r.revision)).toEqual([0, 1]);
    const rev = revisions.items[1];
    expect(rev).toMatchObject({ status: 'completed', frozenWeeks: 2, triggerJobId: upload.body.job.id });
    expect(rev.reasons.length).toBeGreaterThan(0);
    for (const reason of rev.reasons) expect(reason).toMatch(/^Week [3-6] (lowered|raised) \d+ % \(\d+ → \d+\): .+\.$/);
    expect(rev.reasons.join(' ')).toMatch(/2 missed sessions/);
    expect(Date.parse(rev.finishedAt) - Date.parse(uploadJob.finishedAt!)).toBeLessThan(60_000);

    // No broken hard constraint: the stored solution decodes feasibly against the revision's own problem.
    const row = await (await shardDb(runnerId)).prepare('SELECT request_json, athlete_json FROM plan_revisions WHERE plan_id = ? AND revision = 1').bind(planId).first<{ request_json: string; athlete_json: string }>();
    const stored = await (await shardDb(runnerId)).prepare('SELECT result_json FROM training_plans WHERE id = ?').bind(planId).first<{ result_json: string }>();
    const result = JSON.parse(stored!.result_json) as RenderedPlan;
    const problem = buildPlanProblem({ request: JSON.parse(row!.request_json), athlete: JSON.parse(row!.athlete_json), schema: DEFAULT_PLAN_SCHEMA, library: DEFAULT_WORKOUT_LIBRARY });
    expect(problem.context.request.weeks).toBe(4);
    expect(maxViolation(problem.context, decodePlan(problem.context, result.solution!))).toBeLessThanOrEqual(1e-9);
    expect(runnerId).toBeTruthy();
  }, 240_000);
});
