import FitParser from 'fit-file-parser';
import { describe, expect, it } from 'vitest';
import { decodeFit, validateFitStructure } from '../../src/core/fit';
import { api, waitForJob } from './helpers';
import { SMALL_PLAN, todayPlus } from './plans-support';
import { form, tokenFor, web, webSignup } from './web-support';

const MESSAGE = 'Training plan generation started! Check background jobs banner for status.';
const FORM = { raceDistance: '10000', raceDate: SMALL_PLAN.raceDate, daysPerWeek: '5', restDays: 'fri', longRunDay: 'sun', seed: '12345' };

/** Posts the request form; returns the plan id from the redirect. */
async function requestPlan(cookie: string, values: Record<string, string> = FORM): Promise<string> {
  const res = await web('/plans', { method: 'POST', cookie, ...form(values) });
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/^\/plans\?started=/);
  return decodeURIComponent(location.split('=')[1]!);
}

describe('plan pages', () => {
  it('requests a plan from the form, shows the message and the banner, then renders the calendar', async () => {
    const { cookie } = await webSignup('Planner');
    const token = await tokenFor(cookie);
    const planId = await requestPlan(cookie);

    const page = await web(`/plans?started=${encodeURIComponent(planId)}`, { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(MESSAGE);
    expect(html).toContain(`href="/plans/${planId}"`);
    expect(html).toContain('href="/plans" aria-current="page"');

    const { jobId } = await (await api(`/plans/${planId}`, { token })).json<{ jobId: string }>();
    // The banner lists the plan job, unless the (small) optimisation already finished before the page was read.
    if (!html.includes(`data-job="${jobId}"`)) expect((await (await api(`/jobs/${jobId}`, { token })).json<{ status: string }>()).status).toBe('completed');
    expect((await waitForJob(token, jobId)).status).toBe('completed');

    const list = await (await web('/plans', { cookie })).text();
    expect(list).toContain('data-plan-status="completed"');
    expect(list).not.toContain(MESSAGE);

    const detail = await (await web(`/plans/${planId}`, { cookie })).text();
    for (const week of ['1', '2', '3', '4']) expect(detail).toContain(`data-week="${week}"`);
    expect(detail.match(/data-day="\d{4}-\d{2}-\d{2}"/g)!.length).toBe(28); // 4 weeks of 7 days, the race the last
    expect(detail).toContain(`class="day role-race" data-day="${SMALL_PLAN.raceDate}"`);
    // calendar rows start on Monday (the default first weekday), whatever day the plan starts
    for (const start of detail.match(/data-start="(\d{4}-\d{2}-\d{2})"/g)!) expect(new Date(`${start.slice(12, 22)}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(detail).toMatch(/\d+:\d\d \/km/); // target paces in the runner's (metric) units
    expect(detail).toMatch(/\d+\.\d km/);
    expect(detail).toContain('id="plan-pmc-title"');
    expect(detail).toMatch(/class="phase phase-(base|build|specific|taper)"/);
    // Honest: the CS is a default and says how to measure it; a predicted finish, not p(R), outside the fold.
    expect(detail).toContain('data-cs-source="default"');
    expect(detail).toMatch(/12-minute effort/);
    expect(detail).toContain('Predicted finish (placeholder)');
    const [visible, fold] = detail.split('id="how-computed"');
    expect(visible).not.toMatch(/p\(R\)|differential evolution|Cs intervals|Vo2|\bAU\b/);
    // the week header says "load" and the page explains it
    expect(visible).toMatch(/load \d+<\/span>/);
    expect(visible).toContain('id="load-explained"');
    // heart-rate targets next to the paces, from the runner's zones (no settings: the typical 185 bpm, said so)
    expect(detail).toContain('id="hr-zones"');
    expect(detail).toContain('a typical maximum of 185 bpm');
    expect(detail).toMatch(/class="small hr-target" title="Heart rate: [^"]*run 111–130 bpm \(Z2\)[^"]*"[^>]*>HR 111–130 bpm \(Z2\)</);
    const apiPlan = await (await api(`/plans/${planId}`, { token })).json<{ weeks: Array<{ days: Array<{ role: string; heartRate: { text: string; parts: Array<{ lowBpm: number; highBpm: number; zone: string }> } | null }> }> }>();
    const trainingDays = apiPlan.weeks.flatMap((w) => w.days).filter((d) => d.role !== 'rest');
    expect(trainingDays.every((d) => d.heartRate !== null && d.heartRate.text.startsWith('Heart rate:'))).toBe(true);
    expect(trainingDays.flatMap((d) => d.heartRate!.parts)).toContainEqual({ part: 'main', zone: 'Z2', lowBpm: 111, highBpm: 130 });
    expect(fold).toMatch(/p\(R\)/);
    expect(detail).toContain(`/plans/${planId}/calendar.ics`);
    expect(detail).not.toMatch(/<script>|style="/); // strict CSP: no inline script or style

    // The download links work with the session cookie.
    const ics = await web(`/plans/${planId}/calendar.ics`, { cookie });
    expect(ics.status).toBe(200);
    const icsText = (await ics.text()).replace(/\r\n /g, '');
    expect(icsText).toContain('BEGIN:VCALENDAR');
    expect(icsText).toMatch(/DESCRIPTION:[^\r]*\\nHeart rate: [^\r]*bpm \(Z\d\)/);
    const fitHref = /href="(\/plans\/[^"]+\/days\/\d{4}-\d{2}-\d{2}\/workout\.fit)"/.exec(detail)![1]!;
    const fit = await web(fitHref, { cookie });
    expect(fit.status).toBe(200);
    expect(fit.headers.get('content-type')).toBe('application/vnd.ant.fit');
    const bytes = new Uint8Array(await fit.arrayBuffer());
    validateFitStructure(bytes, { maxBytes: 1 << 20 });
    expect((await decodeFit(bytes)).fileId.type).toBe('workout');
    // the FIT workout carries heart rate as each long-enough step's secondary target (bpm + 100)
    const parsed = await new FitParser({ force: false, mode: 'list' }).parseAsync(bytes.buffer.slice(0) as ArrayBuffer) as unknown as { messages: { workout_step: Array<{ secondary_target_type?: string; secondary_custom_target_value_low?: number; secondary_custom_target_value_high?: number }> } };
    const hrSteps = parsed.messages.workout_step.filter((st) => st.secondary_target_type === 'heart_rate');
    expect(hrSteps.length).toBeGreaterThan(0);
    for (const st of hrSteps) {
      expect(st.secondary_custom_target_value_low! - 100).toBeGreaterThanOrEqual(92); // 50 % of 185
      expect(st.secondary_custom_target_value_high! - 100).toBeLessThanOrEqual(185);
    }
  });

  it('answers a refused request with the form again, the reason and the values kept', async () => {
    const { cookie } = await webSignup('Too soon');
    const res = await web('/plans', { method: 'POST', cookie, ...form({ ...FORM, raceDate: todayPlus(10) }) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('invalid_plan_request');
    expect(html).toContain('Pick a race date at least 4 weeks away.');
    expect(html).toContain(`value="${todayPlus(10)}"`);
    expect(html).not.toContain(MESSAGE);

    const shape = await web('/plans', { method: 'POST', cookie, ...form({ ...FORM, raceDistance: 'other', raceDistanceM: '' }) });
    expect(shape.status).toBe(400);
    expect(await shape.text()).toContain('validation_failed');
  });

  it('takes a start date from the form (already training: up to 4 weeks ago) and refuses an older one in words', async () => {
    const { cookie } = await webSignup('Started');
    const token = await tokenFor(cookie);
    const form0 = await (await web('/plans', { cookie })).text();
    expect(form0).toContain('id="startDate" name="startDate" type="date"');
    const startDate = todayPlus(-14);
    const planId = await requestPlan(cookie, { ...FORM, startDate });
    const plan = await (await api(`/plans/${planId}`, { token })).json<{ jobId: string; request: { raceDate: string } }>();
    expect((await waitForJob(token, plan.jobId)).status).toBe('completed');
    // the plan starts within the week from that day (its weeks end on the race's weekday), in the past
    const got = (await (await api(`/plans/${planId}`, { token })).json<{ startDate: string }>()).startDate;
    expect(got >= startDate && got <= todayPlus(-8)).toBe(true);
    const refused = await web('/plans', { method: 'POST', cookie, ...form({ ...FORM, startDate: todayPlus(-40) }) });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(/Pick a start date between 28 days ago and today\./);
    expect(html).toContain(`value="${todayPlus(-40)}"`); // kept
  });

  it("refuses a cross-site post and hides another runner's plan", async () => {
    const owner = await webSignup('Owner');
    const planId = await requestPlan(owner.cookie);
    const other = await webSignup('Other');
    expect((await web(`/plans/${planId}`, { cookie: other.cookie })).status).toBe(404);
    expect((await web(`/plans/${planId}/days/${SMALL_PLAN.raceDate}/workout.fit`, { cookie: other.cookie })).status).toBe(404);
    expect((await web(`/plans/${planId}/calendar.ics`, { cookie: other.cookie })).status).toBe(404);
    expect((await web('/plans', { method: 'POST', cookie: owner.cookie, origin: 'https://evil.example', ...form(FORM) })).status).toBe(403);
    expect((await web('/plans')).status).toBe(303); // anonymous → sign in
  });
});

describe('GET /api/v1/plans/{id}/days/{date}/workout.fit', () => {
  it('refuses rest days and days outside the plan', async () => {
    const { cookie } = await webSignup('Rest');
    const token = await tokenFor(cookie);
    const planId = await requestPlan(cookie);
    const { jobId } = await (await api(`/plans/${planId}`, { token })).json<{ jobId: string }>();
    await waitForJob(token, jobId);
    const plan = await (await api(`/plans/${planId}`, { token })).json<{ weeks: Array<{ days: Array<{ date: string; type: string }> }> }>();
    const rest = plan.weeks.flatMap((w) => w.days).find((d) => d.type === 'rest')!;
    const res = await api(`/plans/${planId}/days/${rest.date}/workout.fit`, { token });
    expect(res.status).toBe(404);
    expect((await res.json<{ code: string }>()).code).toBe('no_workout');
    expect((await api(`/plans/${planId}/days/1999-01-01/workout.fit`, { token })).status).toBe(404);
    expect((await api(`/plans/${planId}/days/not-a-date/workout.fit`, { token })).status).toBe(400);
    const doc = await (await api('/openapi.json')).json<{ paths: Record<string, { get?: { responses: Record<string, unknown> } }> }>();
    expect(Object.keys(doc.paths['/plans/{id}/days/{date}/workout.fit']!.get!.responses)).toEqual(expect.arrayContaining(['200', '404', '409']));
  });
});
