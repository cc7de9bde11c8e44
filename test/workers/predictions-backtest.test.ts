/**
 * Issue 17 item 4 through the chain: whole-session time trials and races uploaded as FIT files →
 * GET /critical-speed predictions carry an 80 % interval and a backtest on the runner's own races
 * (each predicted only from the runs before it); the records page and a plan show both.
 */
import { describe, expect, it } from 'vitest';
import { buildActivity } from '../unit/analysis/generated-activity';
import { formatIsoDay, parseIsoDay } from '../../src/core/plan';
import { uploadFiles, waitForJob, api } from './helpers';
import { postPlan, todayPlus } from './plans-support';
import { tokenFor, web, webSignup } from './web-support';

const FIT_EPOCH_S = 631_065_600;
const todayDay = parseIsoDay(new Date().toISOString().slice(0, 10)) as number;
const CS = 4.0;
const DP = 200;

/** A whole session of `distance` m at a steady speed on `daysAgo` (07:00Z), a record every 5 s. */
function wholeRun(daysAgo: number, distance: number, seconds: number): { name: string; bytes: Uint8Array } {
  const date = formatIsoDay(todayDay - daysAgo);
  const base = Math.floor(Date.parse(`${date}T07:00:00Z`) / 1000) - FIT_EPOCH_S;
  const speed = distance / seconds;
  const records = [];
  for (let t = 0; t < seconds; t += 5) records.push({ t, distance: speed * t, speed, hr: 160 });
  records.push({ t: seconds, distance, speed, hr: 160 });
  return { name: `${date}-${distance}.fit`, bytes: buildActivity({ base, records, sessions: [{ start: 0, elapsed: seconds, timer: seconds, distance, avgHr: 160, sport: 1 }] }) };
}

const model = (d: number) => Math.round((d - DP) / CS);

interface Cs {
  status: string;
  predictions: Array<{ distanceM: number; timeS: number; lowS?: number; highS?: number }>;
  backtest?: { racesFound: number; races: Array<{ sessionId: string; distanceM: number; errorPct: number }>; summary?: { n: number; meanAbsErrorPct: number } };
}

describe('race predictions with intervals and a backtest', () => {
  it('time trials and races → intervals, a backtest from earlier runs only, shown on the records page and the plan', async () => {
    const { cookie } = await webSignup('Racer');
    const token = await tokenFor(cookie);
    const files = [
      // time trials on the line of a CS 4.0 m/s, D′ 200 m runner (each is a whole session)
      wholeRun(60, 1000, model(1000)), wholeRun(57, 1620, model(1620)), wholeRun(54, 3000, model(3000)),
      // races: 10 km 1 % faster than the model's, a 5 km 2 % slower, then another 10 km
      wholeRun(40, 10000, Math.round(model(10000) / 1.01)), wholeRun(30, 5000, Math.round(model(5000) / 0.98)),
      wholeRun(20, 3000, model(3000)), wholeRun(10, 10000, model(10000)),
    ];
    const job = await waitForJob(token, (await uploadFiles(token, files)).body.job.id, 120_000);
    expect(job.status).toBe('completed');

    const cs = await (await api('/critical-speed', { token })).json<Cs>();
    expect(cs.status).toBe('valid');
    for (const p of cs.predictions) {
      expect(p.lowS!).toBeLessThan(p.timeS);
      expect(p.highS!).toBeGreaterThan(p.timeS);
    }
    const b = cs.backtest!;
    // every upload but the 1000 m (races are a mile or more) is a whole session at a standard
    // distance (the 1620 m trial is a mile plus 0.7 %); the first ones have too little before them
    expect(b.racesFound).toBe(6);
    expect(b.races.length).toBeGreaterThanOrEqual(3);
    expect(b.summary!.n).toBe(b.races.length);
    const tenK = b.races.find((r) => r.distanceM === 10000)!;
    // predicted from the trials only: the model's 10 km, the race 1 % faster → about +1 %
    expect(tenK.errorPct).toBeGreaterThan(0.5);
    expect(tenK.errorPct).toBeLessThan(1.5);
    expect(b.summary!.meanAbsErrorPct).toBeLessThan(3);

    const page = await (await web('/records', { cookie })).text();
    expect(page).toContain('Likely range');
    expect(page).toMatch(new RegExp(`Within \\d+\\.\\d % on average on your last ${b.summary!.n} races`));

    const plan = await (await postPlan(token, { raceDistanceM: 10_000, raceDate: todayPlus(60), daysPerWeek: 4, restDays: ['fri'], longRunDay: 'sun', seed: 3 }))
      .json<{ job: { id: string }; plan: { id: string } }>();
    expect((await waitForJob(token, plan.job.id, 60_000)).status).toBe('completed');
    const got = await (await api(`/plans/${plan.plan.id}`, { token })).json<{ prediction: { finishS: number; lowS: number; highS: number; backtest: string } }>();
    expect(got.prediction.lowS).toBeLessThan(got.prediction.finishS);
    expect(got.prediction.highS).toBeGreaterThan(got.prediction.finishS);
    expect(got.prediction.backtest).toMatch(/on your last \d races/);
    const planPage = await (await web(`/plans/${plan.plan.id}`, { cookie })).text();
    expect(planPage).toContain('id="prediction-range"');
    expect(planPage).toMatch(/on your last \d races/);
  }, 240_000);
});
